using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// The event outbox of a payment store. A store that implements it writes every record's <see cref="PaymentRecord.NewEvents"/>
/// in the same transaction as the record (<see cref="IPaymentStore.TryCreateAsync"/>, <see cref="IPaymentStore.TryUpdateAsync"/>):
/// a change and its event are stored together or not at all. The gateway's event dispatcher then reads the outbox and delivers
/// each event at least once to every observer, keeping each observer's checkpoint here. The SQLite, PostgreSQL and in-memory
/// stores implement it; a store that does not gets at-most-once, in-process delivery.
/// </summary>
public interface IPaymentEventStore
{
    /// <summary>
    /// Reads events after <paramref name="after"/>, in ascending <see cref="StoredPaymentEvent.Position"/>. Only events whose
    /// transactions are committed, and before which no event can still appear, are returned: once an event at position P has been
    /// read, no event at a position at or before P may ever be written or become visible.
    /// </summary>
    /// <param name="after">The position after which to read (<see cref="PaymentEventPosition.Start"/> for all).</param>
    /// <param name="limit">The most events to return (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The events, oldest first.</returns>
    ValueTask<IReadOnlyList<StoredPaymentEvent>> ReadEventsAsync(PaymentEventPosition after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the lease of a subscription: succeeds when nobody holds it, the lease expired at <paramref name="now"/>, or
    /// <paramref name="owner"/> holds it already. A subscription seen for the first time is created at
    /// <see cref="PaymentEventPosition.Start"/>, so that events written before its observer was first served are delivered too.
    /// </summary>
    /// <param name="name">The subscription's name.</param>
    /// <param name="owner">The dispatcher instance asking.</param>
    /// <param name="now">The current time.</param>
    /// <param name="leaseUntil">When the lease ends.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The subscription as stored, leased to <paramref name="owner"/>; <see langword="null"/> when another owner holds it.</returns>
    ValueTask<PaymentEventSubscription?> TryLeaseSubscriptionAsync(string name, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a subscription's checkpoint, failure state and lease, if its stored <see cref="PaymentEventSubscription.LeaseOwner"/>
    /// still equals <paramref name="subscription"/>'s (the caller's lease was not taken over).
    /// </summary>
    /// <param name="subscription">The new state; its <see cref="PaymentEventSubscription.LeaseOwner"/> names the caller.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when another owner holds the lease now (nothing written).</returns>
    ValueTask<bool> TryUpdateSubscriptionAsync(PaymentEventSubscription subscription, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction, keeps <paramref name="deadLetter"/> (once per subscription and event id: a repeat is ignored) and writes
    /// <paramref name="subscription"/> (its checkpoint moved past the event), under the same lease rule as
    /// <see cref="TryUpdateSubscriptionAsync"/>.
    /// </summary>
    /// <param name="subscription">The subscription's new state.</param>
    /// <param name="deadLetter">The event given up on.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when another owner holds the lease now (nothing written).</returns>
    ValueTask<bool> TryDeadLetterAsync(PaymentEventSubscription subscription, DeadLetteredEvent deadLetter, CancellationToken cancellationToken);

    /// <summary>Lists every subscription, by name.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The subscriptions.</returns>
    ValueTask<IReadOnlyList<PaymentEventSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken);

    /// <summary>Lists dead-lettered events, newest first.</summary>
    /// <param name="limit">The most to return (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The dead letters.</returns>
    ValueTask<IReadOnlyList<DeadLetteredEvent>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Removes one dead letter (an operator handled it).</summary>
    /// <param name="subscription">The subscription.</param>
    /// <param name="eventId">The event's id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><see langword="true"/> when it existed.</returns>
    ValueTask<bool> RemoveDeadLetterAsync(string subscription, string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes events that occurred before <paramref name="occurredBefore"/> and that every subscription has passed (its checkpoint
    /// is at or after them). A subscription whose lease has not been held since <paramref name="occurredBefore"/> (its observer was
    /// removed from the application) does not hold events back. Dead letters are kept: they hold their own copy.
    /// </summary>
    /// <param name="occurredBefore">The retention boundary.</param>
    /// <param name="limit">The most events to delete in this call (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many were deleted.</returns>
    ValueTask<int> DeleteDeliveredEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken);
}
