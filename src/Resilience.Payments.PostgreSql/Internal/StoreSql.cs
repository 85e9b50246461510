namespace Resilience.Payments.PostgreSql.Internal;

/// <summary>The SQL text of the store's statements for one schema.</summary>
internal sealed class StoreSql
{
    /// <summary>The notification channel written after a change makes a payment due now; the payload is the schema name.</summary>
    public const string Channel = "payments_due";

    private const string Columns = "p.document, p.status, p.version, p.due_at, p.lease_owner, p.lease_expires_at, p.queue_rounds";

    private readonly string[][] _create;
    private readonly string[][] _update;

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
        var create = $"""
            WITH w AS (
                INSERT INTO {s}.payments (key, fingerprint, status, version, due_at, lease_owner, lease_expires_at, queue_rounds, created_at, updated_at, document)
                VALUES (@key, @fingerprint, @status, 1, @due_at, @lease_owner, @lease_expires_at, @queue_rounds, @created_at, @updated_at, @document)
                ON CONFLICT (key) DO NOTHING
                RETURNING key
            )
            """;
        var update = $"""
            WITH w AS (
                UPDATE {s}.payments
                SET status = @status, version = @new_version, due_at = @due_at, lease_owner = @lease_owner,
                    lease_expires_at = @lease_expires_at, queue_rounds = @queue_rounds, updated_at = @updated_at, document = @document
                WHERE key = @key AND version = @version
                RETURNING key
            )
            """;
        const string Select = " SELECT w.key FROM w";
        const string SelectAndNotify = " SELECT w.key, pg_notify('" + Channel + "', @schema) FROM w";

        // [notify, with attempts]: the attempts' index rows are written only when an attempt holds a provider reference.
        _create = [[create + Select, create + ", " + attempts + Select], [create + SelectAndNotify, create + ", " + attempts + SelectAndNotify]];
        _update = [[update + Select, update + ", " + attempts + Select], [update + SelectAndNotify, update + ", " + attempts + SelectAndNotify]];

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
                AND (NOT EXISTS (SELECT 1 FROM cursor_row)
                    OR (p.created_at, p.key) > (SELECT created_at, key FROM cursor_row))
            ORDER BY p.created_at, p.key
            LIMIT @limit
            """;
        CountByStatus = $"SELECT status, count(*) FROM {s}.payments GROUP BY status";
    }

    /// <summary>The create statement: with <c>pg_notify</c> when the payment is due now, with the attempts' index rows when any holds a provider reference.</summary>
    public string Create(bool notify, bool withAttempts) => _create[notify ? 1 : 0][withAttempts ? 1 : 0];

    /// <summary>The compare-and-swap update statement (see <see cref="Create"/> for the two choices).</summary>
    public string Update(bool notify, bool withAttempts) => _update[notify ? 1 : 0][withAttempts ? 1 : 0];

    public string Get { get; }

    public string FindByProviderReference { get; }

    public string ClaimDue { get; }

    public string List { get; }

    public string CountByStatus { get; }
}
