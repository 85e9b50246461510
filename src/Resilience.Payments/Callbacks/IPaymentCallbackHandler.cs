using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Callbacks;

/// <summary>
/// Reads one provider's callbacks (webhooks, IPNs, result URLs): verifies or confirms them and turns them into
/// <see cref="ProviderUpdate"/>s for <see cref="IPaymentGateway.ApplyProviderUpdateAsync"/>. Each adapter package registers
/// one per provider; <c>Resilience.Payments.AspNetCore</c> maps an endpoint per handler.
/// </summary>
/// <remarks>
/// Implementations never throw for bad input: a malformed body is <see cref="PaymentCallbackVerdict.Malformed"/>, a bad
/// signature <see cref="PaymentCallbackVerdict.Unauthorized"/>. An unsigned callback's updates must come from a status query
/// (safety rule 4), not from the body.
/// </remarks>
public interface IPaymentCallbackHandler
{
    /// <summary>Gets the provider's name in the gateway (<see cref="IPaymentProvider.Name"/>); also the endpoint's route segment.</summary>
    string Provider { get; }

    /// <summary>Verifies, parses and (for unsigned callbacks) confirms a callback.</summary>
    /// <param name="callback">The HTTP request, as received.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What to apply and what to answer.</returns>
    Task<PaymentCallbackResult> HandleAsync(PaymentCallback callback, CancellationToken cancellationToken);
}
