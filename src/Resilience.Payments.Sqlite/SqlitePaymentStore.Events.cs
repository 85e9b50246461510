using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Sqlite.Internal;

namespace Resilience.Payments.Sqlite;

/// <summary>The event outbox (<see cref="IPaymentEventStore"/>): reads on the read connections, writes through the group-commit writer.</summary>
public sealed partial class SqlitePaymentStore
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredPaymentEvent>> ReadEventsAsync(PaymentEventPosition after, int limit, CancellationToken cancellationToken)
    {
        EventArguments.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(connection => PaymentEventRows.Read(connection, after, limit)));
    }

    /// <inheritdoc />
    public async ValueTask<PaymentEventSubscription?> TryLeaseSubscriptionAsync(string name, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        cancellationToken.ThrowIfCancellationRequested();
        return await _writer.Enqueue(
            new EventOperation<PaymentEventSubscription?>(connection => PaymentEventRows.Lease(connection, name, owner, now, leaseUntil)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryUpdateSubscriptionAsync(PaymentEventSubscription subscription, CancellationToken cancellationToken)
    {
        EventArguments.Subscription(subscription);
        cancellationToken.ThrowIfCancellationRequested();
        return await _writer.Enqueue(new EventOperation<bool>(connection => PaymentEventRows.Update(connection, subscription)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryDeadLetterAsync(PaymentEventSubscription subscription, DeadLetteredEvent deadLetter, CancellationToken cancellationToken)
    {
        EventArguments.DeadLetter(subscription, deadLetter);
        cancellationToken.ThrowIfCancellationRequested();
        return await _writer.Enqueue(
            new EventOperation<bool>(connection =>
            {
                if (!PaymentEventRows.Update(connection, subscription))
                {
                    return false;
                }

                PaymentEventRows.InsertDeadLetter(connection, deadLetter);
                return true;
            }),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentEventSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(PaymentEventRows.ListSubscriptions));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DeadLetteredEvent>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        EventArguments.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(connection => PaymentEventRows.ListDeadLetters(connection, limit)));
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveDeadLetterAsync(string subscription, string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        cancellationToken.ThrowIfCancellationRequested();
        return await _writer.Enqueue(
            new EventOperation<bool>(connection => PaymentEventRows.RemoveDeadLetter(connection, subscription, eventId)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> DeleteDeliveredEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken)
    {
        EventArguments.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        return await _writer.Enqueue(
            new EventOperation<int>(connection => PaymentEventRows.DeleteDelivered(connection, occurredBefore, limit)),
            cancellationToken).ConfigureAwait(false);
    }
}
