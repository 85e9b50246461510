using System;

namespace Resilience.Payments.Operations.Internal;

/// <summary>
/// "Reconcile now": makes a payment due at once so that the reconciler asks the provider at its next cycle. Never earlier than an
/// attempt or refund may still be in flight (the reconciler's question would then race the answer). Pure.
/// </summary>
internal static class ReconcileNow
{
    /// <summary>Returns why the payment has nothing to ask a provider about, or <see langword="null"/>.</summary>
    public static string? WhyNot(PaymentRecord record) => record.Status switch
    {
        PaymentStatus.Pending or PaymentStatus.ActionRequired or PaymentStatus.Processing => null,
        PaymentStatus.Succeeded when record.HasOpenAttemptAfterSuccess || HasOpenRefund(record) => null,
        PaymentStatus.Queued => "a queued payment is retried by the queue worker; there is nothing to ask a provider",
        _ => $"it is {record.Status} and nothing about it is open",
    };

    /// <summary>Returns the payment due now: its own check, and every open refund's.</summary>
    public static PaymentRecord Apply(PaymentRecord record, DateTimeOffset now)
    {
        if (record.Status != PaymentStatus.Succeeded)
        {
            return record with { DueAt = now, UpdatedAt = now };
        }

        var refunds = new PaymentRefund[record.Refunds.Count];
        for (var i = 0; i < refunds.Length; i++)
        {
            var refund = record.Refunds[i];
            refunds[i] = refund.Status.IsFinal()
                ? refund
                : refund with { DueAt = refund.LastInFlightAt is { } inFlight && inFlight > now ? inFlight : now };
        }

        // The writer's FollowOpenWork keeps the payment due for its earliest open work.
        return record with { Refunds = refunds, DueAt = record.HasOpenAttemptAfterSuccess ? now : record.DueAt, UpdatedAt = now };
    }

    private static bool HasOpenRefund(PaymentRecord record)
    {
        foreach (var refund in record.Refunds)
        {
            if (!refund.Status.IsFinal())
            {
                return true;
            }
        }

        return false;
    }
}
