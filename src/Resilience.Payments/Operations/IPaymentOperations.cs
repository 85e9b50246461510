using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// What an operator may do with payments, under the same safety rules as the gateway: nothing here can start a second
/// charge while an earlier attempt may still move money.
/// </summary>
public interface IPaymentOperations
{
    /// <summary>Lists payments, oldest first.</summary>
    /// <param name="kind">Which list.</param>
    /// <param name="limit">The most to return (1 to 1,000).</param>
    /// <param name="afterKey">The last key of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payments.</returns>
    Task<IReadOnlyList<PaymentResult>> ListAsync(PaymentListKind kind, int limit = 100, string? afterKey = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts a failed payment (for example a dead letter, after the provider outage is over) back in the queue, due now,
    /// with its retry count reset. Only a payment that charged nobody may be requeued: it must be
    /// <see cref="PaymentStatus.Failed"/> and its last attempt, if any, must be <see cref="OutcomeKind.NotProcessed"/>.
    /// </summary>
    /// <param name="idempotencyKey">The payment's key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payment after the change, or <see langword="null"/> when no payment has the key.</returns>
    /// <exception cref="System.InvalidOperationException">The payment is not in a state that may be requeued; nothing changed.</exception>
    Task<PaymentResult?> RequeueAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a payment waiting in the queue; it becomes <see cref="PaymentStatus.Cancelled"/> and is never tried again.
    /// Only a <see cref="PaymentStatus.Queued"/> payment that no worker is processing right now may be cancelled.
    /// </summary>
    /// <param name="idempotencyKey">The payment's key.</param>
    /// <param name="reason">Why, kept with the payment.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payment after the change, or <see langword="null"/> when no payment has the key.</returns>
    /// <exception cref="System.InvalidOperationException">The payment is not queued, or a worker holds it; nothing changed.</exception>
    Task<PaymentResult?> CancelAsync(string idempotencyKey, string reason, CancellationToken cancellationToken = default);
}
