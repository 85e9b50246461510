using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Events.Internal;

/// <summary>
/// Delivers the outbox to one observer: takes its subscription's lease, reads after its checkpoint, hands over the events one by
/// one and moves the checkpoint after each batch (at least once: a crash re-delivers since the last checkpoint). A failure stops
/// the observer's delivery until its backoff passes (the events after it wait, keeping each payment's order); after
/// <see cref="PaymentEventDeliveryOptions.MaxAttempts"/> the event is dead-lettered for this observer and delivery moves on.
/// </summary>
internal sealed class SubscriptionDelivery(
    IPaymentEventStore store,
    IPaymentEventObserver observer,
    string name,
    string owner,
    PaymentEventDeliveryOptions options,
    TimeProvider time,
    ILogger logger)
{
    private PaymentEventSubscription? _held;

    public string Name => name;

    /// <summary>Lets the lease go (a clean stop), so that another instance, or this one restarted, goes on at once.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _held, null) is { } held && held.LeaseExpiresAt > time.GetUtcNow())
        {
            await store.TryUpdateSubscriptionAsync(held with { LeaseExpiresAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Delivers one batch; returns how many events were handled or dead-lettered.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var subscription = await store.TryLeaseSubscriptionAsync(name, owner, now, now + options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        _held = subscription;
        if (subscription is null || subscription.RetryAt > now)
        {
            return 0; // another instance delivers to it, or its failed event waits for its backoff
        }

        var events = await store.ReadEventsAsync(subscription.Checkpoint, options.BatchSize, cancellationToken).ConfigureAwait(false);
        var moved = 0;
        foreach (var stored in events)
        {
            if (!HoldsLease(subscription, time.GetUtcNow()))
            {
                subscription = await RenewAsync(subscription, cancellationToken).ConfigureAwait(false);
                if (subscription is null)
                {
                    return moved; // taken over: the new owner goes on from the last checkpoint
                }
            }

            var error = await DeliverAsync(stored, subscription, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                subscription = subscription with { Checkpoint = stored.Position, Failures = 0, RetryAt = null, LastError = null };
                moved++;
                continue;
            }

            subscription = await FailAsync(subscription, stored, error, cancellationToken).ConfigureAwait(false);
            if (subscription is null)
            {
                return moved; // waits for its backoff, or the lease was taken over
            }

            moved++; // dead-lettered: delivery moves on
        }

        if (moved > 0)
        {
            if (await store.TryUpdateSubscriptionAsync(subscription, cancellationToken).ConfigureAwait(false))
            {
                _held = subscription;
            }
            else
            {
                _held = null;
                Log.EventLeaseLost(logger, name);
            }
        }

        return moved;
    }

    private bool HoldsLease(PaymentEventSubscription subscription, DateTimeOffset now) =>
        subscription.LeaseExpiresAt - now > options.LeaseDuration / 2;

    private async Task<PaymentEventSubscription?> RenewAsync(PaymentEventSubscription subscription, CancellationToken cancellationToken)
    {
        // The checkpoint reached so far is written first: the lease is renewed on what the store holds.
        if (!await store.TryUpdateSubscriptionAsync(subscription, cancellationToken).ConfigureAwait(false))
        {
            Log.EventLeaseLost(logger, name);
            return null;
        }

        var now = time.GetUtcNow();
        return _held = await store.TryLeaseSubscriptionAsync(name, owner, now, now + options.LeaseDuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands one event over; returns <see langword="null"/> on success, else the failure's description.</summary>
    private async Task<string?> DeliverAsync(StoredPaymentEvent stored, PaymentEventSubscription subscription, CancellationToken cancellationToken)
    {
        PaymentEvent paymentEvent;
        try
        {
            paymentEvent = StoredEventCodec.Decode(stored);
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }

        // The observer's call ends with the lease: after it another instance may deliver the same event.
        using var lease = new CancellationTokenSource(Remaining(subscription), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Token);
        try
        {
            await observer.HandleAsync(paymentEvent, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // an observer's failure is recorded and retried, never thrown into the worker
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.EventObserverFailed(logger, ex, name, stored.EventId, subscription.Failures + 1);
            return ex.GetType().Name + ": " + ProviderText.Scrub(ex.Message);
        }
    }

    private TimeSpan Remaining(PaymentEventSubscription subscription)
    {
        var left = (subscription.LeaseExpiresAt ?? time.GetUtcNow()) - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// Records a failure: returns the subscription moved past the event when it was dead-lettered, or <see langword="null"/> when
    /// delivery must stop (the event waits for its backoff, or the lease was taken over).
    /// </summary>
    private async Task<PaymentEventSubscription?> FailAsync(PaymentEventSubscription subscription, StoredPaymentEvent stored, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failures = subscription.Failures + 1;
        if (failures >= options.MaxAttempts)
        {
            var next = subscription with { Checkpoint = stored.Position, Failures = 0, RetryAt = null, LastError = null };
            var deadLetter = new DeadLetteredEvent { Subscription = name, Event = stored, Attempts = failures, LastError = error, DeadLetteredAt = now };
            if (await store.TryDeadLetterAsync(next, deadLetter, cancellationToken).ConfigureAwait(false))
            {
                Log.EventDeadLettered(logger, name, stored.EventId, stored.PaymentKey, failures);
                return _held = next;
            }
        }
        else
        {
            var delay = Backoff.Compute(options.InitialRetryDelay, options.MaxRetryDelay, failures - 1, jitter: 0, random: 0);
            var waiting = subscription with { Failures = failures, RetryAt = now + delay, LastError = error };
            if (await store.TryUpdateSubscriptionAsync(waiting, cancellationToken).ConfigureAwait(false))
            {
                _held = waiting;
                return null;
            }
        }

        _held = null;
        Log.EventLeaseLost(logger, name);
        return null;
    }
}
