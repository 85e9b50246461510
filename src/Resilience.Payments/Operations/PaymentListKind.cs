namespace Resilience.Payments;

/// <summary>The lists an operator works from.</summary>
public enum PaymentListKind
{
    /// <summary>Payments waiting in the retry queue.</summary>
    Queued = 0,

    /// <summary>Payments that went through the queue and failed after its last retry (the dead letters), with every attempt's reason.</summary>
    DeadLettered = 1,

    /// <summary>Payments with no final answer yet: Pending, ActionRequired, and Processing (in flight, or left by a crashed instance).</summary>
    Unresolved = 2,
}
