using System;
using System.Collections.Generic;
using System.Linq;

namespace Resilience.Payments;

/// <summary>
/// What a provider can refund. The gateway refuses a refund outside them with a <see cref="RefundRefusedException"/> before
/// anything is stored or sent.
/// </summary>
public sealed record RefundCapabilities
{
    /// <summary>Gets capabilities that refund nothing: for an adapter whose refunds are not configured (for example no M-Pesa initiator).</summary>
    public static RefundCapabilities None { get; } = new() { Supported = false };

    /// <summary>
    /// Gets a value indicating whether the provider refunds at all as configured. Default <see langword="true"/>; when
    /// <see langword="false"/> the gateway refuses every refund through it (<see cref="RefundRefusal.ProviderCannotRefund"/>).
    /// </summary>
    public bool Supported { get; init; } = true;

    /// <summary>Gets a value indicating whether the provider can give back part of a charge. Default <see langword="false"/>.</summary>
    public bool Partial { get; init; }

    /// <summary>
    /// Gets the instrument kinds whose charges the provider refunds only in full even when <see cref="Partial"/> is
    /// <see langword="true"/> (Pesapal refunds mobile-money payments in full only). Default empty.
    /// </summary>
    public IReadOnlyCollection<InstrumentKind> FullOnlyFor { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether the provider takes at most one refund per charge (Pesapal, an M-Pesa reversal, Airtel
    /// Money). A refund that was rejected or failed does not count. Default <see langword="false"/>.
    /// </summary>
    public bool OnePerCharge { get; init; }

    /// <summary>
    /// Gets a value indicating whether the provider's answer to a refund request only accepts it, the final answer coming by
    /// callback or status query (M-Pesa's Reversal API, Paystack, Pesapal's merchant approval). Default <see langword="false"/>.
    /// </summary>
    public bool Asynchronous { get; init; }

    /// <summary>Gets a value indicating whether amounts must be whole units (M-Pesa). Default <see langword="false"/>.</summary>
    public bool WholeUnitsOnly { get; init; }

    /// <summary>Returns why the provider cannot give back <paramref name="amount"/> of a charge, or <see langword="null"/> when it can.</summary>
    /// <param name="instrument">The instrument that was charged.</param>
    /// <param name="amount">The amount to give back.</param>
    /// <param name="charged">The amount charged.</param>
    /// <param name="earlierRefunds">How many refunds of the charge hold an amount (in flight, pending, unknown or succeeded).</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public string? WhyCannotRefund(PaymentInstrument instrument, Money amount, Money charged, int earlierRefunds)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (OnePerCharge && earlierRefunds > 0)
        {
            return "takes one refund per charge, and this charge already has one";
        }

        var partial = amount.Amount != charged.Amount;
        if (partial && !Partial)
        {
            return "refunds whole charges only";
        }

        if (partial && FullOnlyFor.Contains(instrument.Kind))
        {
            return $"refunds {instrument.Kind} charges in full only";
        }

        if (WholeUnitsOnly && decimal.Truncate(amount.Amount) != amount.Amount)
        {
            return "refunds whole units only";
        }

        return null;
    }
}
