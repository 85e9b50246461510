using System;

namespace Resilience.Payments;

/// <summary>Something that happened in the gateway. Delivered to every <see cref="IPaymentEventObserver"/> after it is stored.</summary>
public abstract record PaymentEvent
{
    /// <summary>Gets when it happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}
