using System;

namespace Resilience.Payments;

/// <summary>A provider's health as the gateway sees it.</summary>
/// <param name="Provider">The provider's name.</param>
/// <param name="CircuitState">Its circuit breaker's state.</param>
public sealed record ProviderHealth(string Provider, ProviderCircuitState CircuitState)
{
    /// <summary>Gets when the circuit last changed state, or <see langword="null"/> when it has not since the gateway started.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Gets how many initiations were made in the last ten minutes (of the last 64 kept).</summary>
    public int RecentCalls { get; init; }

    /// <summary>Gets the share of those that failed (NotProcessed or Unknown: what the circuit breaker counts), 0 to 1; <see langword="null"/> with no calls.</summary>
    public double? RecentFailureRatio { get; init; }

    /// <summary>Gets the median latency of those calls (a timeout counts as the attempt timeout); <see langword="null"/> with no calls.</summary>
    public TimeSpan? MedianLatency { get; init; }

    /// <summary>Gets the slowest of those calls; <see langword="null"/> with no calls.</summary>
    public TimeSpan? MaxLatency { get; init; }
}
