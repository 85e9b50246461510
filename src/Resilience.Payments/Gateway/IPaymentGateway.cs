using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// One interface in front of every configured payment provider. Takes payments with failover across
/// (provider, instrument) pairs, holds unknown outcomes for reconciliation, queues what no provider can
/// take now, and never charges one idempotency key twice.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>
    /// Takes a payment, or returns the payment already taken under the same idempotency key.
    /// </summary>
    /// <param name="request">The payment.</param>
    /// <param name="cancellationToken">
    /// Cancels waiting. A payment already accepted goes on in the background: cancelling never
    /// abandons an attempt that may have reached a provider.
    /// </param>
    /// <returns>The payment as it stands.</returns>
    /// <exception cref="PaymentValidationException">The request is invalid; nothing was stored.</exception>
    /// <exception cref="IdempotencyConflictException">The key belongs to a different request; nothing was changed.</exception>
    Task<PaymentResult> PayAsync(PaymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a payment by its idempotency key.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payment, or <see langword="null"/> when no payment has the key.</returns>
    Task<PaymentResult?> GetAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies what a provider reported about an attempt (from a callback or a status query) to its payment.
    /// Idempotent: duplicates change nothing, a success is final, and out-of-order reports cannot undo it.
    /// Unsigned callbacks should be confirmed by a status query before they are applied.
    /// </summary>
    /// <param name="update">The report.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What the update did.</returns>
    Task<ProviderUpdateResult> ApplyProviderUpdateAsync(ProviderUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives money back to the payer of a succeeded payment through the provider and attempt that charged, or returns the refund
    /// already made under the same refund key. Never refunds more than was captured, even across concurrent calls and instances.
    /// A refund whose request may have reached the provider is never sent again: its outcome is reconciled by status query.
    /// </summary>
    /// <param name="request">The refund.</param>
    /// <param name="cancellationToken">Cancels waiting; a refund already sent goes on being reconciled.</param>
    /// <returns>The refund as it stands (Succeeded, Pending, Rejected, Failed, or Unknown while reconciled).</returns>
    /// <exception cref="PaymentValidationException">The request is invalid; nothing was stored.</exception>
    /// <exception cref="IdempotencyConflictException">The refund key belongs to a different refund; nothing was changed.</exception>
    /// <exception cref="RefundRefusedException">The payment is unknown or not captured, the amount exceeds what is refundable, or the provider cannot refund this way; nothing was stored or sent.</exception>
    /// <exception cref="NotSupportedException">This implementation does not refund (the default).</exception>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not implement refunds.");

    /// <summary>Reads a refund by its refund key.</summary>
    /// <param name="refundKey">The refund key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The refund, or <see langword="null"/> when no refund has the key.</returns>
    /// <exception cref="NotSupportedException">This implementation does not refund (the default).</exception>
    Task<RefundResult?> GetRefundAsync(string refundKey, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not implement refunds.");

    /// <summary>
    /// Applies what a provider reported about a refund (a result callback, a webhook, a status answer). Idempotent: duplicates
    /// change nothing and a final status is never undone.
    /// </summary>
    /// <param name="update">The report.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What the update did.</returns>
    /// <exception cref="NotSupportedException">This implementation does not refund (the default).</exception>
    Task<RefundUpdateResult> ApplyRefundUpdateAsync(RefundUpdate update, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not implement refunds.");

    /// <summary>Gets the circuit state of every provider, in failover order.</summary>
    /// <returns>One entry per provider.</returns>
    IReadOnlyList<ProviderHealth> GetProviderHealth();
}
