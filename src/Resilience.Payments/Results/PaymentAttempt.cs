using System;

namespace Resilience.Payments;

/// <summary>One attempt to charge one instrument through one provider. Immutable; the store keeps one per attempt.</summary>
public sealed record PaymentAttempt
{
    /// <summary>Gets the attempt's number within its payment, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>Gets the attempt's reference, <c>{key}-{n}</c>, passed to the provider as its idempotency key or merchant reference.</summary>
    public required string Reference { get; init; }

    /// <summary>Gets the provider's name.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the instrument charged.</summary>
    public required PaymentInstrument Instrument { get; init; }

    /// <summary>Gets when the attempt started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the latest outcome was recorded.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the outcome, or <see langword="null"/> while the call is in flight (or was cut short by a crash).</summary>
    public OutcomeKind? Outcome { get; init; }

    /// <summary>Gets where the outcome came from.</summary>
    public OutcomeSource? Source { get; init; }

    /// <summary>Gets the provider's reference for the transaction.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the provider's receipt, for a success.</summary>
    public string? Receipt { get; init; }

    /// <summary>Gets the provider's result or error code.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the reason in words.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the action the payer must take.</summary>
    public PaymentAction? Action { get; init; }

    /// <summary>Gets a value indicating whether the attempt's outcome is final: Succeeded, Declined or NotProcessed.</summary>
    public bool IsResolved => Outcome is OutcomeKind.Succeeded or OutcomeKind.Declined or OutcomeKind.NotProcessed;
}
