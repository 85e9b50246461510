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

    /// <summary>
    /// Gets a value indicating whether <see cref="AttemptReference"/> is proven to name the attempt: it came in a token the
    /// library signed (<see cref="Callbacks.CallbackTokenSigner"/>), or it is the key the provider itself keeps the transaction
    /// under, read from a signed body or from the provider's status answer. Default <see langword="false"/>: the attempt
    /// reference then only locates the payment, and a provider reference it brings is bound to the attempt only when the
    /// provider's answer carries an amount (and payer and time, where reported) that match the attempt (safety rule 10).
    /// </summary>
    public bool AttemptVerified { get; init; }

    /// <summary>Gets where the report came from. Default <see cref="OutcomeSource.Callback"/>.</summary>
    public OutcomeSource Source { get; init; } = OutcomeSource.Callback;
}
