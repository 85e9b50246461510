using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Internal;
using Resilience.Payments.Operations.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// An operator's refund: validated, then reserved as a <see cref="RefundStatus.Queued"/> refund in its payment by the same compare-and-swap
/// write as <see cref="RefundCoordinator"/>'s (never more than what is left of the charge), with its audit note. Nothing is sent from here:
/// the reconciler sends a queued refund once, wherever a gateway with the provider runs.
/// </summary>
internal sealed class OperatorRefunds(IPaymentStore store, PaymentWriter payments, RefundWriter writer, ProviderRegistry? providers, TimeProvider time, WorkNudge? reconciliationNudge = null)
{
    public async Task<RefundResult?> RefundAsync(string paymentKey, Money? amount, string reason, string actor, string? refundKey, CancellationToken cancellationToken)
    {
        OperatorInput.Require(paymentKey, "key");
        OperatorInput.Require(reason, "reason");
        OperatorInput.Require(actor, "actor");
        var request = new RefundRequest
        {
            PaymentKey = paymentKey,
            RefundKey = refundKey ?? "op-" + Guid.NewGuid().ToString("N"),
            Amount = amount,
            Reason = reason.Trim(),
        };
        RefundRequestValidator.ThrowIfInvalid(request);
        var refunds = RefundCoordinator.Refunds(store);
        if (await refunds.FindByRefundKeyAsync(request.RefundKey, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Replay(existing, request);
        }

        var record = await store.GetAsync(paymentKey, cancellationToken).ConfigureAwait(false);
        while (record is not null)
        {
            if (record.FindRefund(request.RefundKey) is not null)
            {
                return Replay(record, request);
            }

            var now = time.GetUtcNow();
            var refund = RefundPlanner.PlanQueued(record, request, providers, now);
            var detail = string.Create(CultureInfo.InvariantCulture, $"refund {refund.Key} of {refund.Amount}: {request.Reason}");
            var after = OperatorInput.WithNote(RefundTransitions.WithRefund(record, refund, now), now, actor, OperatorActionKind.Refund, detail);
            var stored = await payments.SaveAsync(record, after).ConfigureAwait(false);
            if (stored is not null)
            {
                await writer.OnChangedAsync(stored, refund, previous: null).ConfigureAwait(false);
                reconciliationNudge?.Nudge();
                return new RefundResult(stored, stored.FindRefund(refund.Key)!);
            }

            if (await refunds.FindByRefundKeyAsync(request.RefundKey, CancellationToken.None).ConfigureAwait(false) is { } owner
                && !string.Equals(owner.Key, record.Key, StringComparison.Ordinal))
            {
                return Replay(owner, request);
            }

            record = await store.GetAsync(paymentKey, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private static RefundResult Replay(PaymentRecord record, RefundRequest request)
    {
        var refund = record.FindRefund(request.RefundKey)!;
        return RefundPlanner.IsSameRequest(record, refund, request)
            ? new RefundResult(record, refund)
            : throw new IdempotencyConflictException(
                request.RefundKey,
                $"The refund key '{request.RefundKey}' is already used by a different refund (of payment '{record.Key}'). Reuse a refund key only to retry the very same refund.");
    }
}
