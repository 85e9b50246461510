using System.Collections.Generic;

namespace Resilience.Payments.LoadTest;

/// <summary>Latency and throughput of one phase.</summary>
/// <param name="Requests">Calls completed (whatever their outcome).</param>
/// <param name="Errors">Calls that threw.</param>
/// <param name="Seconds">The phase's measured length.</param>
/// <param name="PerSecond">Calls completed per second.</param>
/// <param name="P50Ms">Median latency, milliseconds.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="P999Ms">99.9th percentile.</param>
public sealed record PhaseReport(long Requests, long Errors, double Seconds, double PerSecond, double P50Ms, double P99Ms, double P999Ms);

/// <summary>What the gateway adds to the adapter's own latency (gateway phase minus direct phase, percentile by percentile).</summary>
/// <param name="P50Ms">At the median, milliseconds.</param>
/// <param name="P99Ms">At the 99th percentile.</param>
/// <param name="P999Ms">At the 99.9th percentile.</param>
public sealed record AddedLatencyReport(double P50Ms, double P99Ms, double P999Ms);

/// <summary>The outage phase: Daraja taken down at its start, the gateway fails over to Paystack.</summary>
public sealed record FailoverReport
{
    /// <summary>Gets the gateway's calls during the outage.</summary>
    public required PhaseReport Payments { get; init; }

    /// <summary>Gets the payments' statuses at return.</summary>
    public required IReadOnlyDictionary<string, long> Statuses { get; init; }

    /// <summary>Gets the payments answered through Paystack.</summary>
    public long ServedByPaystack { get; init; }

    /// <summary>Gets milliseconds from Daraja going down to its circuit opening; null if it did not open during the phase.</summary>
    public double? TimeToBreakerOpenMs { get; init; }

    /// <summary>Gets the HTTP requests the Daraja adapter sent after Daraja went down.</summary>
    public long DarajaRequestsAfterDown { get; init; }

    /// <summary>Gets the HTTP requests the Daraja adapter sent before its circuit opened (the failures that open it).</summary>
    public long DarajaRequestsBeforeOpen { get; init; }

    /// <summary>Gets the requests sent after opening by calls the breaker had let through while still closed (in flight at opening).</summary>
    public long InFlightAtOpening { get; init; }

    /// <summary>Gets the requests sent after opening by half-open probes.</summary>
    public long HalfOpenProbes { get; init; }

    /// <summary>Gets the requests sent after opening by calls let through while the circuit was open: the target is zero.</summary>
    public long LeakedPastOpenBreaker { get; init; }

    /// <summary>Gets the circuit transitions of Daraja during the phase, with milliseconds since Daraja went down.</summary>
    public required IReadOnlyList<string> DarajaCircuit { get; init; }
}

/// <summary>The load test's report.</summary>
public sealed record LoadTestReport
{
    /// <summary>Gets the options the run used.</summary>
    public required LoadTestOptions Options { get; init; }

    /// <summary>Gets the gateway's circuit-breaker settings for both providers.</summary>
    public required string BreakerSettings { get; init; }

    /// <summary>Gets phase 1: the Daraja adapter calling the simulator directly.</summary>
    public required PhaseReport Direct { get; init; }

    /// <summary>Gets phase 2: <c>PayAsync</c> through the gateway to the same adapter and simulator, all healthy.</summary>
    public required PhaseReport Gateway { get; init; }

    /// <summary>Gets the gateway's statuses at return in phase 2.</summary>
    public required IReadOnlyDictionary<string, long> GatewayStatuses { get; init; }

    /// <summary>Gets phase 2 minus phase 1.</summary>
    public required AddedLatencyReport AddedLatency { get; init; }

    /// <summary>Gets phase 3.</summary>
    public required FailoverReport Failover { get; init; }

    /// <summary>Gets the STK pushes the Daraja simulator recorded.</summary>
    public long DarajaStkPushes { get; init; }

    /// <summary>Gets the requests the Paystack simulator recorded.</summary>
    public long PaystackRequests { get; init; }

    /// <summary>Gets the process's peak working set, bytes.</summary>
    public long PeakWorkingSetBytes { get; init; }
}
