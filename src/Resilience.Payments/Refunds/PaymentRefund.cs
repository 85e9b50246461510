using System;

namespace Resilience.Payments;

/// <summary>
/// One refund of one charge, as the store keeps it inside its <see cref="PaymentRecord"/> (so that the refundable amount is
/// checked and reserved in the same compare-and-swap write that records the refund). Immutable.
/// </summary>
public sealed record PaymentRefund
{
    /// <summary>Gets the refund's idempotency key (<see cref="RefundRequest.RefundKey"/>).</summary>
    public required string Key { get; init; }

    /// <summary>
    /// Gets the refund's reference: unique, unguessable, stable across restarts. Adapters pass it to the provider wherever it takes
    /// a merchant reference or note, to find the refund's callback.
    /// </summary>
    public required string Reference { get; init; }

    /// <summary>Gets the number of the attempt whose charge is refunded.</summary>
    public required int AttemptNumber { get; init; }

    /// <summary>Gets the provider that charged, and refunds.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the amount to give back.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets why the money goes back, as the request gave it.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets a value indicating whether the gateway started this refund by itself, to reverse an extra charge.</summary>
    public bool Automatic { get; init; }

    /// <summary>Gets where the refund stands.</summary>
    public required RefundStatus Status { get; init; }

    /// <summary>Gets when the refund was requested.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the refund last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when the request was handed to the provider, or <see langword="null"/> while it has not been.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Gets the latest moment the request may still have been on its way to the provider (see <see cref="ProviderStatusRequest.LastInFlightAt"/>).</summary>
    public DateTimeOffset? LastInFlightAt { get; init; }

    /// <summary>Gets when the reconciler next asks the provider (Processing, Pending, Unknown) or the next send is due (Queued); <see langword="null"/> when final.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Gets how many status queries were made, or (for a queued reversal) how many sends were refused.</summary>
    public int Checks { get; init; }

    /// <summary>Gets the provider's reference for the refund (a Paystack refund id, an M-Pesa reversal's conversation id).</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the provider's result or error code (scrubbed as <see cref="ProviderOutcome.Code"/>).</summary>
    public string? Code { get; init; }

    /// <summary>Gets the provider's message in words (scrubbed as <see cref="ProviderOutcome.Reason"/>).</summary>
    public string? Message { get; init; }

    /// <summary>Gets where the latest answer came from.</summary>
    public OutcomeSource? Source { get; init; }
}
