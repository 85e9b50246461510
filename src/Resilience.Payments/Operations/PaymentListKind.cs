namespace Resilience.Payments;

/// <summary>The lists an operator works from. The numbers never change.</summary>
public enum PaymentListKind
{
    /// <summary>Payments waiting in the retry queue.</summary>
    Queued = 0,

    /// <summary>Payments that went through the queue and failed after its last retry (the dead letters), with every attempt's reason.</summary>
    DeadLettered = 1,

    /// <summary>Payments with no final answer yet: Pending, ActionRequired, and Processing (in flight, or left by a crashed instance).</summary>
    Unresolved = 2,

    /// <summary>
    /// Payments a person should look at (see <see cref="AttentionReason"/>): outcomes unresolved for longer than
    /// <see cref="ReconciliationOptions.AttentionAfter"/>, amount mismatches, extra charges, and refunds open for longer than
    /// <see cref="ReconciliationOptions.AttentionAfter"/>; unless an operator marked the payment reviewed after the condition arose.
    /// </summary>
    NeedsAttention = 3,

    /// <summary>Payments with a refund that is not final yet (queued, in flight, pending or unknown).</summary>
    RefundsOpen = 4,

    /// <summary>Recent payments whose attempts went to more than one provider, newest first.</summary>
    RecentFailovers = 5,
}
