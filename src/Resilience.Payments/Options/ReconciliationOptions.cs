using System;

namespace Resilience.Payments;

/// <summary>How payments with no final answer (Pending, ActionRequired, unknown outcomes, crashed attempts) are reconciled by status query.</summary>
public sealed class ReconciliationOptions
{
    /// <summary>
    /// Gets or sets the delay before the first status query of a pending attempt: the payer needs time to enter a PIN,
    /// and a callback usually arrives first. Default 30 seconds.
    /// </summary>
    public TimeSpan FirstCheckDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest delay between status queries of one attempt; delays double up to it. Default 5 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long an attempt may stay without a final answer before it needs a person: every inconclusive status
    /// query after that (at most one every <see cref="MaxDelay"/>) logs a warning and raises a
    /// <see cref="PaymentNeedsAttentionEvent"/>. The payment is never failed or failed over on that account (the customer may
    /// have been charged); it stays listed by <see cref="PaymentListKind.Unresolved"/>. Default 1 hour.
    /// </summary>
    public TimeSpan AttentionAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how often the worker looks for due payments. Default 2 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the most payments one poll claims. Default 64.</summary>
    public int BatchSize { get; set; } = 64;
}
