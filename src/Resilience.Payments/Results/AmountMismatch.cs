using System;

namespace Resilience.Payments;

/// <summary>
/// A provider reported money moved for an attempt, but not what the attempt asked for (another amount, another currency or another
/// payer): recorded on the attempt instead of a success (safety rule 8). The payment stays open for a person, who settles it with
/// the provider (refund, or accept the difference).
/// </summary>
public sealed record AmountMismatch
{
    /// <summary>Gets what the provider reported as moved, or <see langword="null"/> when only the payer differed.</summary>
    public Money? ReportedAmount { get; init; }

    /// <summary>Gets the payer the provider reported, masked (<c>2547****5678</c>), when it differed from the attempt's.</summary>
    public string? ReportedPayer { get; init; }

    /// <summary>Gets the provider's receipt for the money that moved.</summary>
    public string? Receipt { get; init; }

    /// <summary>Gets the provider's reference for the transaction.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets where the report came from.</summary>
    public required OutcomeSource Source { get; init; }

    /// <summary>Gets when the mismatch was recorded.</summary>
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>Gets what differed, in words.</summary>
    public required string Reason { get; init; }
}
