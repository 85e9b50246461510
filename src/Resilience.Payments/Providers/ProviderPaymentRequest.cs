using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>One attempt to charge one instrument through one provider, as the gateway hands it to an adapter.</summary>
public sealed record ProviderPaymentRequest
{
    /// <summary>Gets the payment's idempotency key.</summary>
    public required string PaymentKey { get; init; }

    /// <summary>
    /// Gets this attempt's reference, <c>{key}-{n}</c>: unique per attempt, stable across restarts. Adapters pass it as
    /// the provider's idempotency key or merchant reference wherever the provider has one.
    /// </summary>
    public required string AttemptReference { get; init; }

    /// <summary>Gets the attempt's number, from 1.</summary>
    public required int AttemptNumber { get; init; }

    /// <summary>Gets the amount.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets the instrument to charge.</summary>
    public required PaymentInstrument Instrument { get; init; }

    /// <summary>Gets the account reference the payer sees.</summary>
    public string? AccountReference { get; init; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the application's metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    private static IReadOnlyDictionary<string, string> EmptyMetadata { get; } = new Dictionary<string, string>();
}
