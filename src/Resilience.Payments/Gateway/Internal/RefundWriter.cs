using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// The gateway's writes of one refund inside its payment: compare-and-swap with a re-read on conflict (a refund is found again by its
/// key, so that no answer is lost and none applied to the wrong refund), and the side effects of a refund's status change (the metric,
/// the log line and <see cref="RefundStatusChangedEvent"/>).
/// </summary>
internal sealed class RefundWriter(PaymentWriter payments, TimeProvider time, ILogger logger, PaymentsTelemetry telemetry, EventDispatcher events)
{
    /// <summary>
    /// Changes the refund with <paramref name="refundKey"/>; <paramref name="change"/> returns <see langword="null"/> when there is
    /// nothing to change (it is called again on the latest record after a conflict). <c>Written</c> says whether this call's change
    /// was stored: the licence to act on it (for example to send a refund it moved to Processing).
    /// </summary>
    public async ValueTask<(PaymentRecord Record, PaymentRefund? Refund, bool Written)> UpdateAsync<TState>(
        PaymentRecord record,
        string refundKey,
        TState state,
        Func<PaymentRefund, TState, PaymentRefund?> change,
        Func<PaymentRecord, PaymentRecord>? alsoChange = null)
    {
        while (true)
        {
            var refund = record.FindRefund(refundKey);
            if (refund is null)
            {
                return (record, null, false);
            }

            var next = change(refund, state);
            if (next is null)
            {
                return (record, refund, false);
            }

            var after = RefundTransitions.WithRefund(record, next, time.GetUtcNow());
            if (alsoChange is not null)
            {
                after = alsoChange(after);
            }

            var stored = await payments.SaveAsync(record, after).ConfigureAwait(false);
            if (stored is not null)
            {
                var written = stored.FindRefund(refundKey)!;
                await OnChangedAsync(stored, written, refund.Status).ConfigureAwait(false);
                return (stored, written, true);
            }

            record = await payments.ReloadAsync(record.Key).ConfigureAwait(false);
        }
    }

    /// <summary>Counts, logs and raises a refund's change of status (<paramref name="previous"/> is <see langword="null"/> for a new refund).</summary>
    public ValueTask OnChangedAsync(PaymentRecord record, PaymentRefund refund, RefundStatus? previous)
    {
        if (previous == refund.Status)
        {
            return default;
        }

        if (refund.Status == RefundStatus.Succeeded && previous is RefundStatus.Rejected or RefundStatus.Failed)
        {
            Log.RefundSucceededAfterFinal(logger, refund.Key, record.Key, refund.Provider, previous.Value);
        }

        telemetry.RefundStatusChanged(refund.Status, refund.Provider);
        Log.RefundStatusChanged(logger, refund.Key, record.Key, refund.Status, refund.Provider, refund.Code);
        return events.PublishesStatusChanges
            ? events.PublishAsync(new RefundStatusChangedEvent
            {
                OccurredAt = time.GetUtcNow(),
                Refund = new RefundResult(record, refund),
                PreviousStatus = previous,
            })
            : default;
    }
}
