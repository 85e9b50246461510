using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using Resilience.Payments.PostgreSql.Internal;
using static Resilience.Payments.PostgreSql.Internal.PaymentRows;

namespace Resilience.Payments.PostgreSql;

/// <summary>
/// The event outbox (<see cref="IPaymentEventStore"/>): each method one statement. Events are read only below the oldest
/// transaction still running, so that an event of a transaction in flight is never skipped (see the README's "Event outbox").
/// Leases are row updates: instances sharing the schema never hold one subscription at once.
/// </summary>
public sealed partial class PostgreSqlPaymentStore
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredPaymentEvent>> ReadEventsAsync(PaymentEventPosition after, int limit, CancellationToken cancellationToken)
    {
        EventArguments.Limit(limit);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_eventSql.Read);
        command.Parameters.Add(Text("commit", Math.Max(0, after.Commit).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        command.Parameters.Add(Bigint("seq", after.Commit < 0 ? long.MinValue : after.Sequence));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        var events = new List<StoredPaymentEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new StoredPaymentEvent
            {
                Position = new PaymentEventPosition(reader.GetInt64(0), reader.GetInt64(1)),
                EventId = reader.GetString(2),
                PaymentKey = reader.GetString(3),
                EventType = reader.GetString(4),
                OccurredAt = reader.GetFieldValue<DateTimeOffset>(5),
                Payload = reader.GetString(6),
            });
        }

        return events;
    }

    /// <inheritdoc />
    public async ValueTask<PaymentEventSubscription?> TryLeaseSubscriptionAsync(string name, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_eventSql.Lease);
        command.Parameters.Add(Text("name", name));
        command.Parameters.Add(Text("owner", owner));
        command.Parameters.Add(Timestamp("until", leaseUntil));
        command.Parameters.Add(Timestamp("now", now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSubscription(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUpdateSubscriptionAsync(PaymentEventSubscription subscription, CancellationToken cancellationToken)
    {
        EventArguments.Subscription(subscription);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_eventSql.Update);
        AddSubscriptionParameters(command.Parameters, subscription);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryDeadLetterAsync(PaymentEventSubscription subscription, DeadLetteredEvent deadLetter, CancellationToken cancellationToken)
    {
        EventArguments.DeadLetter(subscription, deadLetter);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_eventSql.DeadLetter);
        var p = command.Parameters;
        AddSubscriptionParameters(p, subscription);
        var letter = deadLetter.Event;
        p.Add(Text("subscription", deadLetter.Subscription));
        p.Add(Bigint("event_commit", letter.Position.Commit));
        p.Add(Bigint("event_seq", letter.Position.Sequence));
        p.Add(Text("event_id", letter.EventId));
        p.Add(Text("payment_key", letter.PaymentKey));
        p.Add(Text("event_type", letter.EventType));
        p.Add(Timestamp("occurred_at", letter.OccurredAt));
        p.Add(Text("payload", letter.Payload));
        p.Add(new NpgsqlParameter<int>("attempts", NpgsqlDbType.Integer) { TypedValue = deadLetter.Attempts });
        p.Add(Text("dead_last_error", deadLetter.LastError));
        p.Add(Timestamp("dead_lettered_at", deadLetter.DeadLetteredAt));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentEventSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_eventSql.ListSubscriptions);
        var subscriptions = new List<PaymentEventSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            subscriptions.Add(ReadSubscription(reader));
        }

        return subscriptions;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DeadLetteredEvent>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        EventArguments.Limit(limit);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_eventSql.ListDeadLetters);
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        var letters = new List<DeadLetteredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
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
                    OccurredAt = reader.GetFieldValue<DateTimeOffset>(6),
                    Payload = reader.GetString(7),
                },
                Attempts = reader.GetInt32(8),
                LastError = reader.IsDBNull(9) ? null : reader.GetString(9),
                DeadLetteredAt = reader.GetFieldValue<DateTimeOffset>(10),
            });
        }

        return letters;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveDeadLetterAsync(string subscription, string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_eventSql.RemoveDeadLetter);
        command.Parameters.Add(Text("subscription", subscription));
        command.Parameters.Add(Text("event_id", eventId));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<int> DeleteDeliveredEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken)
    {
        EventArguments.Limit(limit);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_eventSql.DeleteDelivered);
        command.Parameters.Add(Timestamp("before", occurredBefore));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter<long> Bigint(string name, long value) => new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value };

    private static void AddSubscriptionParameters(NpgsqlParameterCollection p, PaymentEventSubscription subscription)
    {
        p.Add(Text("name", subscription.Name));
        p.Add(Text("owner", subscription.LeaseOwner));
        p.Add(Bigint("commit", subscription.Checkpoint.Commit));
        p.Add(Bigint("seq", subscription.Checkpoint.Sequence));
        p.Add(Timestamp("until", subscription.LeaseExpiresAt));
        p.Add(new NpgsqlParameter<int>("failures", NpgsqlDbType.Integer) { TypedValue = subscription.Failures });
        p.Add(Timestamp("retry_at", subscription.RetryAt));
        p.Add(Text("last_error", subscription.LastError));
    }

    private static PaymentEventSubscription ReadSubscription(DbDataReader reader) => new()
    {
        Name = reader.GetString(0),
        Checkpoint = new PaymentEventPosition(reader.GetInt64(1), reader.GetInt64(2)),
        LeaseOwner = reader.IsDBNull(3) ? null : reader.GetString(3),
        LeaseExpiresAt = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
        Failures = reader.GetInt32(5),
        RetryAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        LastError = reader.IsDBNull(7) ? null : reader.GetString(7),
    };
}
