using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// A provider that can give money back. Implemented beside <see cref="IPaymentProvider"/> by the adapters whose provider has a
/// refund or reversal API; the gateway refunds only through providers that implement it. Like payments, every answer is mapped to an
/// <see cref="OutcomeKind"/>: <see cref="OutcomeKind.Succeeded"/> (money went back; set <see cref="ProviderOutcome.Amount"/> when
/// the provider reports it), <see cref="OutcomeKind.Pending"/> (accepted, final answer to follow), <see cref="OutcomeKind.Declined"/>
/// (the provider refused: the refund is Rejected), <see cref="OutcomeKind.NotProcessed"/> (provably not processed: Failed) and
/// <see cref="OutcomeKind.Unknown"/> (may have been processed: settled by <see cref="QueryRefundAsync"/>, never re-sent).
/// </summary>
public interface IRefundProvider
{
    /// <summary>Gets what the provider can refund.</summary>
    RefundCapabilities RefundCapabilities { get; }

    /// <summary>Asks the provider to give money back. Called once per refund: never retried after the request may have been sent.</summary>
    /// <param name="request">The refund.</param>
    /// <param name="cancellationToken">Cancellation; the request may still have been sent.</param>
    /// <returns>The provider's answer.</returns>
    Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the provider what happened to a refund. Answer <see cref="OutcomeKind.NotProcessed"/> only when the provider says for
    /// certain that it never took it (and <see cref="ProviderRefundRequest.NotFoundIsConclusive"/> holds for a "not found");
    /// <see cref="OutcomeKind.Unknown"/> or <see cref="OutcomeKind.Pending"/> when in doubt.
    /// </summary>
    /// <param name="request">The refund, with what is known of it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The provider's answer.</returns>
    Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken);
}
