using System;

namespace Resilience.Payments;

/// <summary>
/// How the gateway gives money back (the <c>Payments:Refunds</c> section). A refund's unknown outcome is reconciled with the
/// delays of <see cref="PaymentGatewayOptions.Reconciliation"/>.
/// </summary>
public sealed class RefundOptions
{
    /// <summary>
    /// Gets or sets what happens to an extra charge of one payment (a late success after failover). Default
    /// <see cref="DuplicateChargePolicy.Reverse"/>: the money goes back automatically through the provider that took it (when that
    /// provider can refund; otherwise it is flagged).
    /// </summary>
    public DuplicateChargePolicy DuplicateCharges { get; set; } = DuplicateChargePolicy.Reverse;

    /// <summary>
    /// Gets or sets how far apart two succeeded payments with the same account reference and amount (under different idempotency
    /// keys) may be to raise a <see cref="PossibleDuplicatePaymentEvent"/>, for example a motorist who paid by card after the M-Pesa
    /// prompt seemed to fail. Nothing is refunded for these: only a person can tell a second parking session from a duplicate.
    /// <see cref="TimeSpan.Zero"/> turns the check off. Default 30 minutes; at most 31 days.
    /// </summary>
    public TimeSpan PossibleDuplicateWindow { get; set; } = TimeSpan.FromMinutes(30);
}
