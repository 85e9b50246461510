using System;

namespace Resilience.Payments;

/// <summary>
/// The resilience pipeline in front of one provider (Polly v8): a concurrency limit, then a circuit
/// breaker, then an attempt timeout. Only <see cref="OutcomeKind.NotProcessed"/> and
/// <see cref="OutcomeKind.Unknown"/> outcomes (and exceptions) count as failures; a decline never trips the breaker.
/// </summary>
public sealed class ProviderResilienceOptions
{
    /// <summary>Gets or sets the most attempts in flight to the provider at once; more are refused as not processed. Default 32.</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>
    /// Gets or sets how long one initiation may take. After it the call is cancelled and its outcome is
    /// <see cref="OutcomeKind.Unknown"/> (the request may have been sent). Default 30 seconds.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long one status query may take. Default 15 seconds.</summary>
    public TimeSpan StatusQueryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the failure ratio, over <see cref="SamplingDuration"/>, that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the fewest calls in <see cref="SamplingDuration"/> before the ratio is judged. Default 5.</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>Gets or sets the window over which failures are counted. Default 30 seconds.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the circuit stays open before one probe is let through. Default 30 seconds.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Copies these options (a provider's own section starts from the default provider's values).</summary>
    internal ProviderResilienceOptions Clone() => (ProviderResilienceOptions)MemberwiseClone();
}
