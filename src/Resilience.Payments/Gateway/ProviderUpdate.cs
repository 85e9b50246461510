namespace Resilience.Payments;

/// <summary>A provider's report about one attempt, found by attempt reference or by the provider's own reference.</summary>
public sealed record ProviderUpdate
{
    /// <summary>Gets the provider's name.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the attempt's reference (<c>{key}-{n}</c>), when the provider echoes it.</summary>
    public string? AttemptReference { get; init; }

    /// <summary>Gets the provider's reference (for example a CheckoutRequestID), when the attempt reference is not echoed.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the reported outcome.</summary>
    public required ProviderOutcome Outcome { get; init; }

    /// <summary>Gets where the report came from. Default <see cref="OutcomeSource.Callback"/>.</summary>
    public OutcomeSource Source { get; init; } = OutcomeSource.Callback;
}
