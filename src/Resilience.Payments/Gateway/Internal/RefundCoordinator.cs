using System;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// <see cref="IPaymentGateway.RefundAsync"/>: validates, answers a repeated refund key from the store, reserves the amount by writing
/// the refund into its payment with compare-and-swap (two refunds can never both take the last of a charge, on one instance or many),
/// then sends it once and records the answer.
/// </summary>
internal sealed class RefundCoordinator(
    IPaymentStore store,
    ProviderRegistry providers,
    PaymentWriter payments,
    RefundWriter writer,
    RefundSender sender,
    TimeProvider time)
{
    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        RefundRequestValidator.ThrowIfInvalid(request);
        var refunds = Refunds(store);
        var existing = await refunds.FindByRefundKeyAsync(request.RefundKey, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return Replay(existing, request);
        }

        var record = await store.GetAsync(request.PaymentKey, cancellationToken).ConfigureAwait(false)
            ?? throw new RefundRefusedException(RefundRefusal.PaymentNotFound, nameof(RefundRequest.PaymentKey), $"no payment has the key '{request.PaymentKey}'.");

        // From here on nothing is cancelled: once the refund is reserved, its send and its answer must reach the store.
        while (true)
        {
            if (record.FindRefund(request.RefundKey) is not null)
            {
                return Replay(record, request); // a concurrent call with the same key reserved it first
            }

            var now = time.GetUtcNow();
            var refund = RefundPlanner.Plan(record, request, providers, now);
            var stored = await payments.SaveAsync(record, RefundTransitions.WithRefund(record, refund, now)).ConfigureAwait(false);
            if (stored is not null)
            {
                await writer.OnChangedAsync(stored, refund, previous: null).ConfigureAwait(false);
                var (sent, result) = await sender.SendAsync(stored, stored.FindRefund(refund.Key)!).ConfigureAwait(false);
                return new RefundResult(sent, result);
            }

            // A conflict: another writer changed the payment, or the refund key is another payment's.
            if (await refunds.FindByRefundKeyAsync(request.RefundKey, CancellationToken.None).ConfigureAwait(false) is { } owner
                && !string.Equals(owner.Key, record.Key, StringComparison.Ordinal))
            {
                return Replay(owner, request);
            }

            record = await payments.ReloadAsync(record.Key).ConfigureAwait(false);
        }
    }

    public async Task<RefundResult?> GetRefundAsync(string refundKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refundKey);
        var record = await Refunds(store).FindByRefundKeyAsync(refundKey, cancellationToken).ConfigureAwait(false);
        return record?.FindRefund(refundKey) is { } refund ? new RefundResult(record, refund) : null;
    }

    /// <summary>The store's refund index, or a refusal naming the store.</summary>
    public static IRefundStore Refunds(IPaymentStore store) =>
        store as IRefundStore ?? throw new RefundRefusedException(
            RefundRefusal.StoreCannotRefund,
            "store",
            $"the payment store {store.GetType().Name} does not implement IRefundStore, so refunds cannot be recorded safely.");

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
