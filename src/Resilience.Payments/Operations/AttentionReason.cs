namespace Resilience.Payments;

/// <summary>Why a payment needs a person's attention.</summary>
public enum AttentionReason
{
    /// <summary>The outcome has been unresolved (Pending, ActionRequired, Processing) for longer than <see cref="ReconciliationOptions.AttentionAfter"/>.</summary>
    UnresolvedOutcome = 0,

    /// <summary>A provider reported a success for another amount, currency or payer than the attempt's (<see cref="PaymentAttempt.Mismatch"/>).</summary>
    AmountMismatch = 1,

    /// <summary>An attempt charged after another had succeeded (<see cref="PaymentRecord.ExtraCharges"/>): its money must go back.</summary>
    ExtraCharge = 2,

    /// <summary>A refund has been open for longer than <see cref="ReconciliationOptions.AttentionAfter"/>.</summary>
    RefundOpen = 3,
}
