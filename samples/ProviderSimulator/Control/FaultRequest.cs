using System.Text.Json.Serialization;
using Resilience.Payments.Testing.Simulators;

namespace ProviderSimulatorHost.Control;

/// <summary>
/// The body of <c>POST /faults/{provider}</c>: one <see cref="SimulatorFault"/> in JSON, its window in seconds from now on the
/// process's clock. Example: <c>{"kind":"Decline","code":"1032"}</c>, <c>{"kind":"Http503","rate":0.5,"seconds":30}</c>.
/// </summary>
internal sealed class FaultRequest
{
    /// <summary>Gets or sets the kind (a <see cref="SimulatorFaultKind"/> name, case-insensitive).</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>Gets or sets the share of requests hit, 0 to 1 (default 1).</summary>
    [JsonPropertyName("rate")]
    public double? Rate { get; set; }

    /// <summary>Gets or sets the provider's decline code (Decline faults).</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    /// <summary>Gets or sets the latency in milliseconds (Slow, DelayCallbacks, QueueThenProcess).</summary>
    [JsonPropertyName("latencyMs")]
    public double? LatencyMs { get; set; }

    /// <summary>Gets or sets the longest callback delay in milliseconds (DelayCallbacks).</summary>
    [JsonPropertyName("maxLatencyMs")]
    public double? MaxLatencyMs { get; set; }

    /// <summary>Gets or sets how long the fault lasts, in seconds from now; forever when absent.</summary>
    [JsonPropertyName("seconds")]
    public double? Seconds { get; set; }

    /// <summary>Builds the fault, or says which field is wrong.</summary>
    /// <param name="now">The process's clock now.</param>
    /// <param name="fault">The fault.</param>
    /// <param name="error">The error naming the field.</param>
    /// <returns>Whether the request is valid.</returns>
    public bool TryBuild(DateTimeOffset now, out SimulatorFault? fault, out string? error)
    {
        fault = null;
        error = null;
        if (!Enum.TryParse<SimulatorFaultKind>(Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(Kind, out _))
        {
            error = $"kind: '{Kind}' is not one of {string.Join(", ", Enum.GetNames<SimulatorFaultKind>())}.";
            return false;
        }

        if (Seconds is <= 0 or double.NaN)
        {
            error = "seconds: must be positive.";
            return false;
        }

        var candidate = new SimulatorFault(kind)
        {
            Rate = Rate ?? 1,
            Code = Code,
            Latency = TimeSpan.FromMilliseconds(LatencyMs ?? 0),
            MaxLatency = MaxLatencyMs is { } max ? TimeSpan.FromMilliseconds(max) : null,
            From = Seconds is null ? null : now,
            Until = Seconds is { } seconds ? now + TimeSpan.FromSeconds(seconds) : null,
        };
        fault = candidate;
        return true;
    }
}
