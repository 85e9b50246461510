namespace Resilience.Payments;

/// <summary>A provider's circuit breaker changed state.</summary>
public sealed record ProviderCircuitChangedEvent : PaymentEvent
{
    /// <summary>Gets the provider's name.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the new state.</summary>
    public required ProviderCircuitState State { get; init; }
}
