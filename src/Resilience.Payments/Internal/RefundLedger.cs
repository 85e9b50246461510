using System;

namespace Resilience.Payments.Internal;

/// <summary>The money arithmetic of refunds: what a charge captured, what its refunds hold, what is left. Pure.</summary>
internal static class RefundLedger
{
    /// <summary>
    /// Returns what the attempt numbered <paramref name="attemptNumber"/> captured: the payment's amount for its deciding success,
    /// an extra charge's amount for an extra charge, or <see langword="null"/> when that attempt captured nothing refundable.
    /// </summary>
    public static Money? Captured(PaymentRecord record, int attemptNumber)
    {
        foreach (var extra in record.ExtraCharges)
        {
            if (extra.AttemptNumber == attemptNumber)
            {
                return extra.Amount;
            }
        }

        if (record.Status == PaymentStatus.Succeeded
            && record.DecidingAttempt is { Outcome: OutcomeKind.Succeeded } deciding
            && deciding.Number == attemptNumber)
        {
            return record.Request.Amount;
        }

        return null;
    }

    /// <summary>Returns the total of the attempt's refunds that hold an amount (succeeded or may yet succeed).</summary>
    public static decimal Held(PaymentRecord record, int attemptNumber)
    {
        var held = 0m;
        foreach (var refund in record.Refunds)
        {
            if (refund.AttemptNumber == attemptNumber && refund.Status.HoldsAmount())
            {
                held += refund.Amount.Amount;
            }
        }

        return held;
    }

    /// <summary>Returns how many of the attempt's refunds hold an amount.</summary>
    public static int Holding(PaymentRecord record, int attemptNumber)
    {
        var count = 0;
        foreach (var refund in record.Refunds)
        {
            if (refund.AttemptNumber == attemptNumber && refund.Status.HoldsAmount())
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Returns what is left to refund of the attempt's charge (zero when it captured nothing).</summary>
    public static Money Refundable(PaymentRecord record, int attemptNumber)
    {
        var currency = record.Request.Amount.Currency;
        if (Captured(record, attemptNumber) is not { } captured)
        {
            return new Money(0m, currency);
        }

        return new Money(Math.Max(0m, captured.Amount - Held(record, attemptNumber)), captured.Currency);
    }

    /// <summary>Returns the total of the succeeded refunds of the payment's deciding charge.</summary>
    public static Money Refunded(PaymentRecord record)
    {
        var deciding = record.DecidingAttempt?.Number ?? 0;
        var total = 0m;
        foreach (var refund in record.Refunds)
        {
            if (refund.AttemptNumber == deciding && refund.Status == RefundStatus.Succeeded)
            {
                total += refund.Amount.Amount;
            }
        }

        return new Money(total, record.Request.Amount.Currency);
    }
}
