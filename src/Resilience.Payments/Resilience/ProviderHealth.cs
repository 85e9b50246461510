namespace Resilience.Payments;

/// <summary>A provider's health as the gateway sees it.</summary>
/// <param name="Provider">The provider's name.</param>
/// <param name="CircuitState">Its circuit breaker's state.</param>
public sealed record ProviderHealth(string Provider, ProviderCircuitState CircuitState);
