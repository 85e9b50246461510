using System;

namespace Resilience.Payments;

/// <summary>
/// A payment's attempt has had no final answer for longer than <see cref="ReconciliationOptions.AttentionAfter"/>: the provider's
/// status query keeps giving no verdict (or cannot be asked), so a person should look (the provider's portal or statement) and
/// settle it. Raised on every inconclusive status query after the threshold; the payment itself is never failed over on that
/// account, because the customer may have been charged.
/// </summary>
public sealed record PaymentNeedsAttentionEvent : PaymentEvent
{
    /// <summary>Gets the payment as it stands.</summary>
    public required PaymentResult Payment { get; init; }

    /// <summary>Gets how long the attempt has been without a final answer.</summary>
    public required TimeSpan Unresolved { get; init; }

    /// <summary>Gets what the last status query said, for the person who looks.</summary>
    public string? LastReason { get; init; }
}
