namespace Resilience.Payments.PostgreSql.Internal;

/// <summary>
/// The SQL text of the event outbox for one schema (schema version 3): <c>payment_events</c>, <c>payment_event_subscriptions</c>,
/// <c>payment_event_dead_letters</c>. The events themselves are inserted by the payment writes (<see cref="StoreSql"/>).
/// </summary>
/// <remarks>
/// <para>
/// Why a position is (transaction id, sequence) and not the sequence alone: a <c>bigserial</c> is drawn when a row is inserted,
/// not when its transaction commits. Transaction A can draw 9, transaction B draw 10 and commit first; a reader that read 10
/// and moved its checkpoint there would skip 9 forever once A commits. So each event row keeps the id of the transaction that
/// wrote it (<c>tx xid8 DEFAULT pg_current_xact_id()</c>), and a reader returns only rows whose <c>tx</c> is below
/// <c>pg_snapshot_xmin(pg_current_snapshot())</c>, the oldest transaction still running when its statement began: every
/// transaction below it has ended (committed, and visible to the statement, or rolled back), and every transaction that starts
/// later takes a larger id, so no row can ever appear below that bound again. Rows are read in (tx, seq) order, after the
/// given position compared as a row value. The price: an event waits until every transaction older than its own has ended
/// (on the whole server, any database), so a long-running transaction delays delivery, never loses an event.
/// </para>
/// <para>
/// Group commit: a batch runs several payments' writes in one transaction, so their events share one <c>tx</c> and are ordered
/// by <c>seq</c> (the batch's statement order). Per-payment order still holds: two successful writes of one payment are
/// serialized by the version check (compare and swap). The later write names the version the earlier one stored, which its
/// caller learns only once the earlier transaction has committed, so the later write's transaction begins after that commit
/// and takes a larger transaction id (ids are handed out in increasing order); within one transaction a payment is written
/// successfully at most once (a second write of the same version fails the check). Hence a payment's events are in (tx, seq)
/// order as they were written.
/// </para>
/// </remarks>
internal sealed class EventSql
{
    private const string SubscriptionColumns =
        "name, checkpoint_commit, checkpoint_seq, lease_owner, lease_expires_at, failures, retry_at, last_error";

    private const string DeadLetterColumns =
        "subscription, event_commit, event_seq, event_id, payment_key, event_type, occurred_at, payload, attempts, last_error, dead_lettered_at";

    public EventSql(string schema)
    {
        var s = "\"" + schema + "\"";
        Read = $"""
            SELECT e.tx::text::bigint, e.seq, e.event_id, e.payment_key, e.event_type, e.occurred_at, e.payload
            FROM {s}.payment_events e
            WHERE e.tx < pg_snapshot_xmin(pg_current_snapshot())
                AND (e.tx, e.seq) > (@commit::text::xid8, @seq)
            ORDER BY e.tx, e.seq
            LIMIT @limit
            """;
        Lease = $"""
            INSERT INTO {s}.payment_event_subscriptions AS t ({SubscriptionColumns})
            VALUES (@name, 0, 0, @owner, @until, 0, NULL, NULL)
            ON CONFLICT (name) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at
                WHERE t.lease_owner IS NULL OR t.lease_owner = EXCLUDED.lease_owner OR t.lease_expires_at IS NULL OR t.lease_expires_at <= @now
            RETURNING {SubscriptionColumns}
            """;
        var update = $"""
            UPDATE {s}.payment_event_subscriptions SET checkpoint_commit = @commit, checkpoint_seq = @seq, lease_expires_at = @until,
                failures = @failures, retry_at = @retry_at, last_error = @last_error
            WHERE name = @name AND lease_owner = @owner
            RETURNING name
            """;
        Update = update;
        DeadLetter = $"""
            WITH u AS ({update}),
            d AS (
                INSERT INTO {s}.payment_event_dead_letters ({DeadLetterColumns})
                SELECT @subscription, @event_commit, @event_seq, @event_id, @payment_key, @event_type, @occurred_at, @payload, @attempts,
                    @dead_last_error, @dead_lettered_at
                FROM u
                ON CONFLICT (subscription, event_id) DO NOTHING
            )
            SELECT name FROM u
            """;
        ListSubscriptions = $"SELECT {SubscriptionColumns} FROM {s}.payment_event_subscriptions ORDER BY name";
        ListDeadLetters = $"SELECT {DeadLetterColumns} FROM {s}.payment_event_dead_letters ORDER BY dead_lettered_at DESC, id DESC LIMIT @limit";
        RemoveDeadLetter = $"DELETE FROM {s}.payment_event_dead_letters WHERE subscription = @subscription AND event_id = @event_id";

        // The subscriptions leased since the boundary hold events back from their checkpoint on; the others (observers removed
        // from the application) do not.
        DeleteDelivered = $"""
            WITH passed AS (
                SELECT checkpoint_commit, checkpoint_seq FROM {s}.payment_event_subscriptions
                WHERE lease_expires_at >= @before
                ORDER BY checkpoint_commit, checkpoint_seq
                LIMIT 1
            ),
            doomed AS (
                SELECT e.tx, e.seq FROM {s}.payment_events e
                WHERE e.occurred_at < @before
                    AND NOT EXISTS (
                        SELECT 1 FROM passed p WHERE (e.tx, e.seq) > (p.checkpoint_commit::text::xid8, p.checkpoint_seq))
                ORDER BY e.tx, e.seq
                LIMIT @limit
            )
            DELETE FROM {s}.payment_events e USING doomed d WHERE e.tx = d.tx AND e.seq = d.seq
            """;
    }

    public string Read { get; }

    public string Lease { get; }

    public string Update { get; }

    public string DeadLetter { get; }

    public string ListSubscriptions { get; }

    public string ListDeadLetters { get; }

    public string RemoveDeadLetter { get; }

    public string DeleteDelivered { get; }
}
