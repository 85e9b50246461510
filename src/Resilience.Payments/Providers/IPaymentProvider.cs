using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// A payment provider behind the gateway: M-Pesa Daraja, Airtel Money, Paystack, Pesapal, or a fake.
/// Implementations map every answer of their provider to an <see cref="OutcomeKind"/> and should not
/// throw for provider errors; an exception is treated as <see cref="OutcomeKind.Unknown"/>, the safe reading.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Gets the provider's unique name, used in configuration, failover order, records and telemetry (for example <c>mpesa</c>).</summary>
    string Name { get; }

    /// <summary>Gets what the provider can charge.</summary>
    ProviderCapabilities Capabilities { get; }

    /// <summary>Starts a charge.</summary>
    /// <param name="request">The attempt.</param>
    /// <param name="cancellationToken">Cancelled when the attempt times out; the request may still have been sent.</param>
    /// <returns>The provider's answer.</returns>
    Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the provider what happened to an attempt. Answer <see cref="OutcomeKind.NotProcessed"/> only when the
    /// provider says for certain that it never charged (for example "no such transaction" after its processing window);
    /// answer <see cref="OutcomeKind.Unknown"/> or <see cref="OutcomeKind.Pending"/> when in doubt.
    /// </summary>
    /// <param name="request">The attempt to ask about.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The provider's answer.</returns>
    Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken);
}
