using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments;

/// <summary>
/// Receives the gateway's events. With a store that keeps an event outbox (<see cref="IPaymentEventStore"/>: the SQLite,
/// PostgreSQL and in-memory stores) every <see cref="PaymentStatusChangedEvent"/> and <see cref="RefundStatusChangedEvent"/> is
/// written in the same transaction as its change and delivered by the event dispatcher at least once, in order per payment,
/// after restarts and crashes too: deduplicate on <see cref="PaymentEvent.EventId"/>. A handler that throws is called again
/// with backoff (the events after it wait), and after <see cref="PaymentEventDeliveryOptions.MaxAttempts"/> the event is
/// dead-lettered for this observer. Other events (circuit changes, attention, duplicates) are delivered once, in process.
/// </summary>
public interface IPaymentEventObserver
{
    /// <summary>Handles one event.</summary>
    /// <param name="paymentEvent">The event: <see cref="PaymentStatusChangedEvent"/> or <see cref="ProviderCircuitChangedEvent"/>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Gets the observer's name, under which its checkpoint is kept: keep it stable across restarts. Default: the type's full name.
    /// Two observers with one name are told apart by their order of registration (<c>name</c>, <c>name#2</c>, ...): give each its
    /// own name when you register several of one type and may reorder them.
    /// </summary>
    string Name => GetType().FullName ?? GetType().Name;
}
