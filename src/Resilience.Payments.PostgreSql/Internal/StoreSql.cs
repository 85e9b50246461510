namespace Resilience.Payments.PostgreSql.Internal;

/// <summary>The SQL text of the store's statements for one schema.</summary>
internal sealed class StoreSql
{
    /// <summary>The notification channel written after a change makes a payment due now; the payload is the schema name.</summary>
    public const string Channel = "payments_due";

    private const string Columns = "p.document, p.status, p.version, p.due_at, p.lease_owner, p.lease_expires_at, p.queue_rounds";

    private readonly string[][][] _create;
    private readonly string[][][] _update;

    public StoreSql(string schema)
    {
        var s = "\"" + schema + "\"";
        var attempts = $"""
            att AS (
                INSERT INTO {s}.payment_attempts AS t (payment_key, number, provider, reference, provider_reference, outcome)
                SELECT w.key, a.number, a.provider, a.reference, a.provider_reference, a.outcome
                FROM w CROSS JOIN unnest(@a_number::integer[], @a_provider::text[], @a_reference::text[], @a_provider_reference::text[], @a_outcome::smallint[])
                    AS a(number, provider, reference, provider_reference, outcome)
                WHERE a.provider_reference IS NOT NULL
                ON CONFLICT (payment_key, number) DO UPDATE
                    SET provider = EXCLUDED.provider, reference = EXCLUDED.reference,
                        provider_reference = EXCLUDED.provider_reference, outcome = EXCLUDED.outcome
                    WHERE (t.provider, t.reference, t.provider_reference, t.outcome)
                        IS DISTINCT FROM (EXCLUDED.provider, EXCLUDED.reference, EXCLUDED.provider_reference, EXCLUDED.outcome)
            )
            """;
        var refunds = $"""
            ref AS (
                INSERT INTO {s}.payment_refunds AS t (refund_key, payment_key, provider, reference, provider_reference)
                SELECT r.refund_key, w.key, r.provider, r.reference, r.provider_reference
                FROM w CROSS JOIN unnest(@r_key::text[], @r_provider::text[], @r_reference::text[], @r_provider_reference::text[])
                    AS r(refund_key, provider, reference, provider_reference)
                ON CONFLICT (refund_key) DO UPDATE
                    SET payment_key = CASE WHEN t.payment_key = EXCLUDED.payment_key THEN t.payment_key END,
                        provider = EXCLUDED.provider, reference = EXCLUDED.reference, provider_reference = EXCLUDED.provider_reference
                    WHERE t.payment_key <> EXCLUDED.payment_key
                        OR (t.provider, t.reference, t.provider_reference)
                            IS DISTINCT FROM (EXCLUDED.provider, EXCLUDED.reference, EXCLUDED.provider_reference)
            )
            """;

        // A record whose refund key is indexed for another payment is not written (w is empty, so neither is any index row).
        // A concurrent writer may index the key between that check and our insert: ON CONFLICT then waits for it to commit and
        // sets payment_key to NULL, a not-null violation that undoes this whole statement (see RefundKeyTaken).
        var refundKeysFree = $"NOT EXISTS (SELECT 1 FROM {s}.payment_refunds x WHERE x.refund_key = ANY(@r_key) AND x.payment_key <> @key)";
        const string InsertColumns = "key, fingerprint, status, version, due_at, lease_owner, lease_expires_at, queue_rounds, created_at, updated_at, document, account_reference";
        const string InsertValues = "@key, @fingerprint, @status, 1, @due_at, @lease_owner, @lease_expires_at, @queue_rounds, @created_at, @updated_at, @document, @account_reference";
        var create = $"""
            WITH w AS (
                INSERT INTO {s}.payments ({InsertColumns})
                VALUES ({InsertValues})
                ON CONFLICT (key) DO NOTHING
                RETURNING key
            )
            """;
        var createWithRefunds = $"""
            WITH w AS (
                INSERT INTO {s}.payments ({InsertColumns})
                SELECT {InsertValues}
                WHERE {refundKeysFree}
                ON CONFLICT (key) DO NOTHING
                RETURNING key
            )
            """;
        const string UpdateSet = """
            SET status = @status, version = @new_version, due_at = @due_at, lease_owner = @lease_owner,
                lease_expires_at = @lease_expires_at, queue_rounds = @queue_rounds, updated_at = @updated_at, document = @document,
                account_reference = @account_reference
            """;
        var update = $"""
            WITH w AS (
                UPDATE {s}.payments
                {UpdateSet}
                WHERE key = @key AND version = @version
                RETURNING key
            )
            """;
        var updateWithRefunds = $"""
            WITH w AS (
                UPDATE {s}.payments
                {UpdateSet}
                WHERE key = @key AND version = @version AND {refundKeysFree}
                RETURNING key
            )
            """;
        // The write's events (PaymentRecord.NewEvents), in the same statement, so in the same transaction: only when the payment's
        // row was written (w has its row), in the record's order (seq is drawn as the rows are inserted, in ordinality order).
        // tx defaults to the writing transaction's id: see EventSql for why positions are (tx, seq).
        var events = $"""
            ev AS (
                INSERT INTO {s}.payment_events (event_id, payment_key, event_type, occurred_at, payload)
                SELECT e.event_id, e.payment_key, e.event_type, e.occurred_at, e.payload
                FROM w CROSS JOIN unnest(@e_id::text[], @e_key::text[], @e_type::text[], @e_at::timestamptz[], @e_payload::text[])
                    WITH ORDINALITY AS e(event_id, payment_key, event_type, occurred_at, payload, ord)
                ORDER BY e.ord
            )
            """;
        const string Select = " SELECT w.key FROM w";
        const string SelectAndNotify = " SELECT w.key, pg_notify('" + Channel + "', @schema) FROM w";

        // [events][notify][index rows]: the attempts' index rows are written only when an attempt holds a provider reference, the
        // refunds' only when the record holds refunds (with the attempts' part too: a refunded payment's charge has its reference),
        // the events only when the write has some.
        string Compose(string head, string headWithRefunds, bool withEvents, bool notify, IndexRows rows) =>
            (rows switch
            {
                IndexRows.None => head,
                IndexRows.Attempts => head + ", " + attempts,
                _ => headWithRefunds + ", " + attempts + ", " + refunds,
            })
            + (withEvents ? ", " + events : string.Empty)
            + (notify ? SelectAndNotify : Select);

        string[][][] All(string head, string headWithRefunds)
        {
            var all = new string[2][][];
            for (var withEvents = 0; withEvents < 2; withEvents++)
            {
                all[withEvents] = new string[2][];
                for (var notify = 0; notify < 2; notify++)
                {
                    all[withEvents][notify] = new string[3];
                    for (var rows = 0; rows < 3; rows++)
                    {
                        all[withEvents][notify][rows] = Compose(head, headWithRefunds, withEvents == 1, notify == 1, (IndexRows)rows);
                    }
                }
            }

            return all;
        }

        _create = All(create, createWithRefunds);
        _update = All(update, updateWithRefunds);

        Get = $"SELECT {Columns} FROM {s}.payments p WHERE p.key = @key";
        FindByProviderReference = $"""
            SELECT {Columns} FROM {s}.payments p
            WHERE p.key IN (
                SELECT a.payment_key FROM {s}.payment_attempts a
                WHERE lower(a.provider) = lower(@provider) AND a.provider_reference = @provider_reference)
            ORDER BY p.updated_at DESC, p.version DESC
            """;
        ClaimDue = $"""
            UPDATE {s}.payments AS p
            SET lease_owner = @owner, lease_expires_at = @lease_expires_at, version = p.version + 1
            WHERE p.key IN (
                SELECT c.key FROM {s}.payments c
                WHERE c.status = ANY(@statuses) AND c.due_at <= @now
                    AND (c.lease_owner IS NULL OR c.lease_expires_at IS NULL OR c.lease_expires_at <= @now)
                ORDER BY c.due_at, c.created_at
                LIMIT @max_count
                FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}, p.created_at
            """;
        List = $"""
            WITH cursor_row AS (SELECT created_at, key FROM {s}.payments WHERE key = @after_key)
            SELECT {Columns} FROM {s}.payments p
            WHERE (@all_statuses OR p.status = ANY(@statuses))
                AND (NOT @queued_at_least_once OR p.queue_rounds > 0)
                AND (@created_from::timestamptz IS NULL OR p.created_at >= @created_from)
                AND (@created_before::timestamptz IS NULL OR p.created_at < @created_before)
                AND (NOT EXISTS (SELECT 1 FROM cursor_row)
                    OR (p.created_at, p.key) > (SELECT created_at, key FROM cursor_row))
            ORDER BY p.created_at, p.key
            LIMIT @limit
            """;
        CountByStatus = $"SELECT status, count(*) FROM {s}.payments GROUP BY status";
        FindByRefundKey = $"""
            SELECT {Columns} FROM {s}.payments p
            WHERE p.key = (SELECT r.payment_key FROM {s}.payment_refunds r WHERE r.refund_key = @refund_key)
            """;
        FindByRefundReference = $"""
            SELECT {Columns} FROM {s}.payments p
            WHERE p.key IN (
                SELECT r.payment_key FROM {s}.payment_refunds r WHERE lower(r.provider) = lower(@provider) AND r.reference = @reference
                UNION ALL
                SELECT r.payment_key FROM {s}.payment_refunds r WHERE lower(r.provider) = lower(@provider) AND r.provider_reference = @reference)
            ORDER BY p.updated_at DESC, p.version DESC
            LIMIT 1
            """;
        ListByAccountReference = $"""
            SELECT {Columns} FROM {s}.payments p
            WHERE p.account_reference = @account_reference AND p.created_at >= @since
            ORDER BY p.created_at, p.key
            LIMIT @limit
            """;
    }

    /// <summary>
    /// The create statement: with <c>pg_notify</c> when the payment is due now; with the attempts' index rows when any holds a
    /// provider reference, with the refunds' too (and the refund key check) when the record holds refunds; with the events'
    /// rows when the write has events.
    /// </summary>
    public string Create(bool notify, IndexRows rows, bool events) => _create[events ? 1 : 0][notify ? 1 : 0][(int)rows];

    /// <summary>The compare-and-swap update statement (see <see cref="Create"/> for the choices).</summary>
    public string Update(bool notify, IndexRows rows, bool events) => _update[events ? 1 : 0][notify ? 1 : 0][(int)rows];

    public string Get { get; }

    public string FindByProviderReference { get; }

    public string ClaimDue { get; }

    public string List { get; }

    public string CountByStatus { get; }

    public string FindByRefundKey { get; }

    public string FindByRefundReference { get; }

    public string ListByAccountReference { get; }
}
