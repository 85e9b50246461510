using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Events.Internal;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// The gateway's writes to the store: compare-and-swap with a re-read on conflict, and the side effects of a status change
/// (the metric, the log line and <see cref="PaymentStatusChangedEvent"/>) after every write that changed the status. With a store
/// that keeps an outbox, each write carries its status events (<see cref="PaymentRecord.NewEvents"/>) into the same transaction and
/// wakes the event dispatcher.
/// </summary>
internal sealed class PaymentWriter(IPaymentStore store, TimeProvider time, ILogger logger, PaymentsTelemetry telemetry, EventDispatcher events, PossibleDuplicates? duplicates = null, TimeSpan firstCheckDelay = default, Action? wake = null)
{
    /// <summary>Safety rule 1: the payment has no attempt, or its latest attempt provably charged nothing.</summary>
    public static bool NothingUnresolved(PaymentRecord latest) => latest.LastAttempt is null || latest.LastAttempt.Outcome == OutcomeKind.NotProcessed;

    /// <summary>
    /// Writes a change while <paramref name="owner"/> holds the payment's lease and <paramref name="precondition"/> holds, retrying on
    /// benign conflicts (a duplicate callback). Gives up, unchanged, when the lease moved or the payment became final.
    /// </summary>
    public async ValueTask<(PaymentRecord Record, bool Changed)> SaveAsOwnerAsync<TState>(
        PaymentRecord record,
        string owner,
        TState state,
        Func<PaymentRecord, bool> precondition,
        Func<PaymentRecord, TState, PaymentRecord> change)
    {
        while (true)
        {
            if (!string.Equals(record.LeaseOwner, owner, StringComparison.Ordinal) || record.Status.IsFinal() || !precondition(record))
            {
                Log.LeaseLost(logger, record.Key);
                return (record, false);
            }

            var stored = await SaveAsync(record, change(record, state)).ConfigureAwait(false);
            if (stored is not null)
            {
                return (stored, true);
            }

            record = await ReloadAsync(record.Key).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="after"/> if the stored record is still <paramref name="before"/>'s version; <see langword="null"/> on a conflict.</summary>
    public async ValueTask<PaymentRecord?> SaveAsync(PaymentRecord before, PaymentRecord after)
    {
        // A succeeded payment stays due while a refund of it or another attempt is open, whatever else the change did.
        after = RefundTransitions.FollowOpenWork(after, firstCheckDelay);

        if (events.Durable)
        {
            after = after with { NewEvents = StoredEvents.Between(before, after, time.GetUtcNow()) };
        }

        // Never cancelled: once a provider may have been called, its outcome must reach the store.
        var stored = await store.TryUpdateAsync(after, CancellationToken.None).ConfigureAwait(false);
        if (stored is not null && stored.NewEvents.Count > 0)
        {
            wake?.Invoke();
        }

        if (stored is not null && stored.Status != before.Status)
        {
            await OnStatusChangedAsync(stored, before.Status).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>Inserts a new payment (see <see cref="IPaymentStore.TryCreateAsync"/>), with its first status event when the store keeps an outbox.</summary>
    public async ValueTask<(PaymentRecord Record, bool Created)> TryCreateAsync(PaymentRecord record)
    {
        if (events.Durable)
        {
            record = record with { NewEvents = StoredEvents.Between(null, record, time.GetUtcNow()) };
        }

        var result = await store.TryCreateAsync(record, CancellationToken.None).ConfigureAwait(false);
        if (result.Created && events.Durable)
        {
            wake?.Invoke();
        }

        return result;
    }

    /// <summary>Reads the payment again after a conflict; it never disappears.</summary>
    public async ValueTask<PaymentRecord> ReloadAsync(string key) =>
        await store.GetAsync(key, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Payment {key} disappeared from the store.");

    /// <summary>Counts, logs and raises a status change (<paramref name="previous"/> is <see langword="null"/> for a new payment).</summary>
    public async ValueTask OnStatusChangedAsync(PaymentRecord record, PaymentStatus? previous)
    {
        var provider = record.DecidingAttempt?.Provider;
        telemetry.StatusChanged(record.Status, provider);
        Log.StatusChanged(logger, record.Key, record.Status, provider);
        if (events.PublishesStatusChanges)
        {
            await events.PublishAsync(new PaymentStatusChangedEvent
            {
                OccurredAt = time.GetUtcNow(),
                Payment = new PaymentResult(record),
                PreviousStatus = previous,
            }).ConfigureAwait(false);
        }

        if (record.Status == PaymentStatus.Succeeded && duplicates is not null)
        {
            await duplicates.CheckAsync(record).ConfigureAwait(false);
        }
    }
}
