using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// The SQL of the event outbox (schema version 3): <c>payment_events</c> (one row per event, <c>seq</c> an
/// <c>INTEGER PRIMARY KEY AUTOINCREMENT</c>), <c>payment_event_subscriptions</c> (one row per observer: checkpoint, failures,
/// lease) and <c>payment_event_dead_letters</c> (a copy of each event given up on, once per subscription and event id).
/// SQLite has one writer at a time (every write transaction is <c>BEGIN IMMEDIATE</c>), so sequence numbers are committed in
/// ascending order and AUTOINCREMENT never reuses one: an event's position is (0, seq), and a reader that has seen seq N
/// will never see a new event at or below N.
/// </summary>
internal static class PaymentEventRows
{
    private const string SubscriptionColumns =
        "name, checkpoint_commit, checkpoint_seq, lease_owner, lease_expires_at, failures, retry_at, last_error";

    private const string DeadLetterColumns =
        "subscription, event_commit, event_seq, event_id, payment_key, event_type, occurred_at, payload, attempts, last_error, dead_lettered_at";

    /// <summary>Inserts a record's new events, in order, in the caller's transaction (the one that writes the record).</summary>
    public static void Insert(SqliteConnection connection, IReadOnlyList<StoredPaymentEvent> events)
    {
        foreach (var stored in events)
        {
            SqliteCommands.ExecutePrepared(
                connection,
                """
                INSERT INTO payment_events (event_id, payment_key, event_type, occurred_at, payload)
                VALUES ($event_id, $payment_key, $event_type, $occurred_at, $payload);
                """,
                ("$event_id", stored.EventId),
                ("$payment_key", stored.PaymentKey),
                ("$event_type", stored.EventType),
                ("$occurred_at", stored.OccurredAt.ToUnixTimeMilliseconds()),
                ("$payload", stored.Payload));
        }
    }

    public static IReadOnlyList<StoredPaymentEvent> Read(SqliteConnection connection, PaymentEventPosition after, int limit)
    {
        if (after.Commit > 0)
        {
            return []; // every event here is at commit 0
        }

        var afterSequence = after.Commit < 0 ? long.MinValue : after.Sequence;
        var command = SqliteCommands.Prepared(
            connection,
            """
            SELECT seq, event_id, payment_key, event_type, occurred_at, payload FROM payment_events
            WHERE seq > $after ORDER BY seq LIMIT $limit;
            """,
            ("$after", afterSequence),
            ("$limit", limit));
        using var reader = command.ExecuteReader();
        var events = new List<StoredPaymentEvent>();
        while (reader.Read())
        {
            events.Add(new StoredPaymentEvent
            {
                Position = new PaymentEventPosition(0, reader.GetInt64(0)),
                EventId = reader.GetString(1),
                PaymentKey = reader.GetString(2),
                EventType = reader.GetString(3),
                OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                Payload = reader.GetString(5),
            });
        }

        return events;
    }

    /// <summary>Creates the subscription at the start, or takes or renews its lease; <see langword="null"/> when another owner holds it.</summary>
    public static PaymentEventSubscription? Lease(SqliteConnection connection, string name, string owner, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        var command = SqliteCommands.Prepared(
            connection,
            $"""
            INSERT INTO payment_event_subscriptions AS s ({SubscriptionColumns})
            VALUES ($name, 0, 0, $owner, $until, 0, NULL, NULL)
            ON CONFLICT (name) DO UPDATE SET lease_owner = excluded.lease_owner, lease_expires_at = excluded.lease_expires_at
                WHERE s.lease_owner IS NULL OR s.lease_owner = excluded.lease_owner OR s.lease_expires_at IS NULL OR s.lease_expires_at <= $now
            RETURNING {SubscriptionColumns};
            """,
            ("$name", name),
            ("$owner", owner),
            ("$until", leaseUntil.ToUnixTimeMilliseconds()),
            ("$now", now.ToUnixTimeMilliseconds()));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadSubscription(reader) : null;
    }

    /// <summary>Writes the subscription if its stored lease owner is still the caller; returns whether it did.</summary>
    public static bool Update(SqliteConnection connection, PaymentEventSubscription subscription) =>
        SqliteCommands.ExecutePrepared(
            connection,
            """
            UPDATE payment_event_subscriptions SET checkpoint_commit = $commit, checkpoint_seq = $seq, lease_expires_at = $until,
                failures = $failures, retry_at = $retry_at, last_error = $last_error
            WHERE name = $name AND lease_owner = $owner;
            """,
            ("$name", subscription.Name),
            ("$owner", subscription.LeaseOwner),
            ("$commit", subscription.Checkpoint.Commit),
            ("$seq", subscription.Checkpoint.Sequence),
            ("$until", subscription.LeaseExpiresAt?.ToUnixTimeMilliseconds()),
            ("$failures", subscription.Failures),
            ("$retry_at", subscription.RetryAt?.ToUnixTimeMilliseconds()),
            ("$last_error", subscription.LastError)) == 1;

    /// <summary>Keeps the dead letter unless one for the same subscription and event id is kept already.</summary>
    public static void InsertDeadLetter(SqliteConnection connection, DeadLetteredEvent deadLetter) =>
        SqliteCommands.ExecutePrepared(
            connection,
            $"""
            INSERT INTO payment_event_dead_letters ({DeadLetterColumns})
            VALUES ($subscription, $commit, $seq, $event_id, $payment_key, $event_type, $occurred_at, $payload, $attempts, $last_error, $at)
            ON CONFLICT (subscription, event_id) DO NOTHING;
            """,
            ("$subscription", deadLetter.Subscription),
            ("$commit", deadLetter.Event.Position.Commit),
            ("$seq", deadLetter.Event.Position.Sequence),
            ("$event_id", deadLetter.Event.EventId),
            ("$payment_key", deadLetter.Event.PaymentKey),
            ("$event_type", deadLetter.Event.EventType),
            ("$occurred_at", deadLetter.Event.OccurredAt.ToUnixTimeMilliseconds()),
            ("$payload", deadLetter.Event.Payload),
            ("$attempts", deadLetter.Attempts),
            ("$last_error", deadLetter.LastError),
            ("$at", deadLetter.DeadLetteredAt.ToUnixTimeMilliseconds()));

    public static IReadOnlyList<PaymentEventSubscription> ListSubscriptions(SqliteConnection connection)
    {
        var command = SqliteCommands.Prepared(connection, $"SELECT {SubscriptionColumns} FROM payment_event_subscriptions ORDER BY name;");
        using var reader = command.ExecuteReader();
        var subscriptions = new List<PaymentEventSubscription>();
        while (reader.Read())
        {
            subscriptions.Add(ReadSubscription(reader));
        }

        return subscriptions;
    }

    public static IReadOnlyList<DeadLetteredEvent> ListDeadLetters(SqliteConnection connection, int limit)
    {
        var command = SqliteCommands.Prepared(
            connection,
            $"SELECT {DeadLetterColumns} FROM payment_event_dead_letters ORDER BY dead_lettered_at DESC, id DESC LIMIT $limit;",
            ("$limit", limit));
        using var reader = command.ExecuteReader();
        var letters = new List<DeadLetteredEvent>();
        while (reader.Read())
        {
            letters.Add(new DeadLetteredEvent
            {
                Subscription = reader.GetString(0),
                Event = new StoredPaymentEvent
                {
                    Position = new PaymentEventPosition(reader.GetInt64(1), reader.GetInt64(2)),
                    EventId = reader.GetString(3),
                    PaymentKey = reader.GetString(4),
                    EventType = reader.GetString(5),
                    OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    Payload = reader.GetString(7),
                },
                Attempts = reader.GetInt32(8),
                LastError = reader.IsDBNull(9) ? null : reader.GetString(9),
                DeadLetteredAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
            });
        }

        return letters;
    }

    public static bool RemoveDeadLetter(SqliteConnection connection, string subscription, string eventId) =>
        SqliteCommands.ExecutePrepared(
            connection,
            "DELETE FROM payment_event_dead_letters WHERE subscription = $subscription AND event_id = $event_id;",
            ("$subscription", subscription),
            ("$event_id", eventId)) == 1;

    /// <summary>
    /// Deletes up to <paramref name="limit"/> events, oldest first, that occurred before the boundary and that every subscription
    /// leased since the boundary has passed. Times are whole milliseconds, truncated: the boundary errs towards keeping.
    /// </summary>
    public static int DeleteDelivered(SqliteConnection connection, DateTimeOffset occurredBefore, int limit) =>
        SqliteCommands.ExecutePrepared(
            connection,
            """
            DELETE FROM payment_events WHERE seq IN (
                SELECT e.seq FROM payment_events e
                WHERE e.occurred_at < $before
                  AND NOT EXISTS (
                      SELECT 1 FROM payment_event_subscriptions s
                      WHERE s.lease_expires_at >= $before AND (s.checkpoint_commit, s.checkpoint_seq) < (0, e.seq))
                ORDER BY e.seq
                LIMIT $limit);
            """,
            ("$before", occurredBefore.ToUnixTimeMilliseconds()),
            ("$limit", limit));

    private static PaymentEventSubscription ReadSubscription(SqliteDataReader reader) => new()
    {
        Name = reader.GetString(0),
        Checkpoint = new PaymentEventPosition(reader.GetInt64(1), reader.GetInt64(2)),
        LeaseOwner = reader.IsDBNull(3) ? null : reader.GetString(3),
        LeaseExpiresAt = reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        Failures = reader.GetInt32(5),
        RetryAt = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        LastError = reader.IsDBNull(7) ? null : reader.GetString(7),
    };
}
