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

    /// <summary>Gets the circuit state of every provider, in failover order.</summary>
    /// <returns>One entry per provider.</returns>
    IReadOnlyList<ProviderHealth> GetProviderHealth();
}
