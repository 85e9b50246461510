using System;
using System.Collections.Generic;

namespace Resilience.Payments.AspNetCore;

/// <summary>
/// A verified or confirmed callback that matched no payment (<see cref="ProviderUpdateDisposition.UnknownReference"/>): kept
/// for audit, because it may be money that moved for an attempt whose reference never reached the ledger (for example an
/// STK push that charged but got no reply). Holds references and the outcome only, never personal data.
/// </summary>
/// <remarks>New properties may be added in minor releases: read it by property, do not deconstruct it.</remarks>
public sealed record UnmatchedCallback
{
    /// <summary>Gets the provider whose endpoint received it.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the attempt reference it named, if any.</summary>
    public string? AttemptReference { get; init; }

    /// <summary>Gets the provider's reference it named (for example a CheckoutRequestID), if any.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the outcome it reported (as confirmed, for unsigned callbacks).</summary>
    public required OutcomeKind Outcome { get; init; }

    /// <summary>Gets the provider's receipt, for a success (for example an M-Pesa receipt number).</summary>
    public string? Receipt { get; init; }

    /// <summary>Gets every reference the callback named.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Gets when it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}
