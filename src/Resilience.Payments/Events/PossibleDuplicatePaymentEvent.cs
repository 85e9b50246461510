using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>
/// A payment succeeded with the same account reference and amount as other succeeded payments under other idempotency keys within
/// <see cref="RefundOptions.PossibleDuplicateWindow"/>: perhaps the same bill paid twice (a motorist who paid by card after the
/// M-Pesa prompt seemed to fail), perhaps two real bills. Nothing is refunded automatically; a person decides.
/// </summary>
public sealed record PossibleDuplicatePaymentEvent : PaymentEvent
{
    /// <summary>Gets the payment that just succeeded.</summary>
    public required PaymentResult Payment { get; init; }

    /// <summary>Gets the earlier succeeded payments with the same account reference and amount, oldest first.</summary>
    public required IReadOnlyList<PaymentResult> Others { get; init; }
}
