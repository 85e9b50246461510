using System;

namespace Resilience.Payments;

/// <summary>A question to a provider: what happened to this attempt?</summary>
public sealed record ProviderStatusRequest
{
    /// <summary>Gets the payment's idempotency key.</summary>
    public required string PaymentKey { get; init; }

    /// <summary>Gets the attempt's reference (<c>{key}-{n}</c>).</summary>
    public required string AttemptReference { get; init; }

    /// <summary>Gets the provider's own reference, when the initiation returned one.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the amount of the attempt.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets the instrument of the attempt.</summary>
    public required PaymentInstrument Instrument { get; init; }

    /// <summary>Gets when the attempt was sent to the provider (the gateway's clock).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets the account reference the payer saw (for providers that can only be reconciled by statement matching).</summary>
    public string? AccountReference { get; init; }
}
