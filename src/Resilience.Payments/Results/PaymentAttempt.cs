using System;

namespace Resilience.Payments;

/// <summary>One attempt to charge one instrument through one provider. Immutable; the store keeps one per attempt.</summary>
public sealed record PaymentAttempt
{
    /// <summary>Gets the attempt's number within its payment, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>
    /// Gets the attempt's reference, <c>{key}-{n}-{random}</c>, passed to the provider as its idempotency key or merchant reference:
    /// the key stays readable on a provider's dashboard, the random part makes it unguessable. An attempt that retries an earlier
    /// one on the same provider after a "not found" carries the earlier attempt's reference (see
    /// <see cref="ProviderCapabilities.DeduplicatesByReference"/>). Records written by earlier releases hold <c>{key}-{n}</c>.
    /// </summary>
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

    /// <summary>
    /// Gets what a provider reported as moved for this attempt when it did not match what the attempt asked for (another amount,
    /// currency or payer), or <see langword="null"/>. An attempt with a mismatch is never counted as a success nor failed over: a
    /// person settles it (safety rule 8).
    /// </summary>
    public AmountMismatch? Mismatch { get; init; }

    /// <summary>Gets a value indicating whether the attempt's outcome is final: Succeeded, Declined or NotProcessed.</summary>
    public bool IsResolved => Outcome is OutcomeKind.Succeeded or OutcomeKind.Declined or OutcomeKind.NotProcessed;
}
