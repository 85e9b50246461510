using System;

namespace Resilience.Payments;

/// <summary>One reason one payment needs attention.</summary>
public sealed record PaymentAttention
{
    /// <summary>Gets the payment.</summary>
    public required PaymentResult Payment { get; init; }

    /// <summary>Gets why it needs attention.</summary>
    public required AttentionReason Reason { get; init; }

    /// <summary>Gets since when the condition holds.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>Gets the condition in words (phone numbers masked).</summary>
    public required string Detail { get; init; }
}
