using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>One payment as an operator sees it: the payment (attempts, refunds, audit trail) and why it needs attention, if it does.</summary>
public sealed record PaymentDetails
{
    /// <summary>Gets the payment, with its attempts (<see cref="PaymentResult.Attempts"/>), refunds (<see cref="PaymentResult.Refunds"/>) and
    /// audit trail (<see cref="PaymentResult.OperatorNotes"/>).</summary>
    public required PaymentResult Payment { get; init; }

    /// <summary>Gets the payer's instruments, masked (phone numbers as <c>2547****5678</c>, card tokens cut).</summary>
    public required IReadOnlyList<string> MaskedInstruments { get; init; }

    /// <summary>Gets why the payment needs attention now; empty when it does not.</summary>
    public IReadOnlyList<PaymentAttention> Attention { get; init; } = [];
}
