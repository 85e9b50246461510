namespace Resilience.Payments;

/// <summary>The state of a provider's circuit breaker.</summary>
public enum ProviderCircuitState
{
    /// <summary>Calls flow.</summary>
    Closed = 0,

    /// <summary>The provider failed too often; calls are refused without reaching it until the break ends.</summary>
    Open = 1,

    /// <summary>The break ended; one probe call is let through to test the provider.</summary>
    HalfOpen = 2,

    /// <summary>Held open by an operator.</summary>
    Isolated = 3,
}
