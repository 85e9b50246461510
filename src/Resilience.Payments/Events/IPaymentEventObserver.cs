using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// Receives the gateway's events, in process, after each change is stored. A handler's exception is
/// logged and never affects the payment. Delivery is at most once per change: a crash right after a
/// store write can lose the event, never the payment, so treat <see cref="IPaymentGateway.GetAsync"/> as the truth.
/// </summary>
public interface IPaymentEventObserver
{
    /// <summary>Handles one event.</summary>
    /// <param name="paymentEvent">The event: <see cref="PaymentStatusChangedEvent"/> or <see cref="ProviderCircuitChangedEvent"/>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken);
}
