using System;

namespace Resilience.Payments;

/// <summary>Something that happened in the gateway. Delivered to every <see cref="IPaymentEventObserver"/> after it is stored.</summary>
public abstract record PaymentEvent
{
    /// <summary>Gets when it happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>
    /// Gets the event's id: stable across deliveries of a stored event (deduplicate on it), unique otherwise. Stored events'
    /// ids are <c>{payment key}/{record version}/{index}</c>; in-process events get a random id.
    /// </summary>
    public string EventId { get; init; } = Guid.NewGuid().ToString("N");
}
