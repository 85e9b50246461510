using System;
using System.Collections.Generic;

namespace Resilience.Payments.Internal;

/// <summary>
/// The refund state machine: how a provider's answer changes a refund, and how a refund is written into its payment. Pure
/// functions of their arguments (no clock, no store), tested on their own like <see cref="PaymentTransitions"/>.
/// </summary>
internal static class RefundTransitions
{
    /// <summary>The code recorded when a provider reports a refund success for another amount or currency.</summary>
    public const string AmountMismatchCode = "amount-mismatch";

    /// <summary>
    /// Applies a provider's answer to a refund, or returns <see langword="null"/> when it changes nothing. A success counts only when
    /// its amount (when reported) equals the refund's (safety rule 8); a success reported after a Rejected or Failed refund is
    /// accepted (money did move: the ledger must say so); otherwise a final refund never changes. A NotProcessed answer fails a user's
    /// refund, but sends an automatic reversal back to the queue (nobody is waiting to retry it; "provably not processed" makes
    /// sending it again under the same reference safe).
    /// </summary>
    public static PaymentRefund? Apply(PaymentRefund refund, ProviderOutcome outcome, OutcomeSource source, DateTimeOffset now, TimeSpan firstCheckDelay, TimeSpan queueDelay)
    {
        ArgumentNullException.ThrowIfNull(refund);
        ArgumentNullException.ThrowIfNull(outcome);
        var reference = refund.ProviderReference ?? outcome.ProviderReference;
        switch (outcome.Kind)
        {
            case OutcomeKind.Succeeded when refund.Status == RefundStatus.Succeeded:
                return null;
            case OutcomeKind.Succeeded when outcome.Amount is { } reported && reported != refund.Amount:
                return refund.Status.IsFinal() || (refund.Code == AmountMismatchCode && refund.Status == RefundStatus.Unknown)
                    ? null
                    : Settle(refund, RefundStatus.Unknown, outcome, source, now, reference, now + firstCheckDelay) with
                    {
                        Code = AmountMismatchCode,
                        Message = $"the provider reported {reported} refunded; the refund was for {refund.Amount}",
                    };
            case OutcomeKind.Succeeded:
                return Settle(refund, RefundStatus.Succeeded, outcome, source, now, reference, dueAt: null);
        }

        if (refund.Status.IsFinal())
        {
            return null;
        }

        switch (outcome.Kind)
        {
            case OutcomeKind.Declined:
                return Settle(refund, RefundStatus.Rejected, outcome, source, now, reference, dueAt: null);
            case OutcomeKind.NotProcessed when refund.Automatic: // from the send, or a status query after a crash cut the send short: nobody else will send it
                return Settle(refund, RefundStatus.Queued, outcome, source, now, reference, now + queueDelay) with { Checks = refund.Checks + 1 };
            case OutcomeKind.NotProcessed:
                return Settle(refund, RefundStatus.Failed, outcome, source, now, reference, dueAt: null);
            case OutcomeKind.Pending or OutcomeKind.ActionRequired:
                return refund.Status == RefundStatus.Pending && refund.ProviderReference == reference
                    ? null
                    : Settle(refund, RefundStatus.Pending, outcome, source, now, reference, refund.Status == RefundStatus.Pending ? refund.DueAt ?? now + firstCheckDelay : now + firstCheckDelay);
            default: // Unknown: a refund in flight becomes Unknown; a pending one stays pending (it was accepted)
                return refund.Status == RefundStatus.Processing
                    ? Settle(refund, RefundStatus.Unknown, outcome, source, now, reference, now + firstCheckDelay)
                    : null;
        }
    }

    /// <summary>Returns the payment with <paramref name="refund"/> added, or replacing the refund with its key; a succeeded payment is due when its earliest open refund is.</summary>
    public static PaymentRecord WithRefund(PaymentRecord record, PaymentRefund refund, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(refund);
        var refunds = new List<PaymentRefund>(record.Refunds.Count + 1);
        var replaced = false;
        foreach (var existing in record.Refunds)
        {
            if (string.Equals(existing.Key, refund.Key, StringComparison.Ordinal))
            {
                refunds.Add(refund);
                replaced = true;
            }
            else
            {
                refunds.Add(existing);
            }
        }

        if (!replaced)
        {
            refunds.Add(refund);
        }

        return record with { Refunds = refunds, UpdatedAt = now }; // the writer makes the payment due for it (FollowOpenWork)
    }

    /// <summary>
    /// A succeeded payment is due exactly when its earliest open work is: an open refund (the reconciler claims it for them), or, while
    /// another attempt's outcome is open, the next question about it (<see cref="PaymentRecord.DueAt"/> as the reconciler scheduled it,
    /// else <paramref name="firstCheckDelay"/> after the last change); else never.
    /// </summary>
    public static PaymentRecord FollowOpenWork(PaymentRecord record, TimeSpan firstCheckDelay = default)
    {
        if (record.Status != PaymentStatus.Succeeded)
        {
            return record;
        }

        var due = record.RefundDueAt;
        if (record.HasOpenAttemptAfterSuccess)
        {
            var attemptDue = record.DueAt ?? record.UpdatedAt + firstCheckDelay;
            due = due is { } refundDue && refundDue < attemptDue ? refundDue : attemptDue;
        }

        return record.DueAt == due ? record : record with { DueAt = due };
    }

    private static PaymentRefund Settle(
        PaymentRefund refund, RefundStatus status, ProviderOutcome outcome, OutcomeSource source, DateTimeOffset now, string? reference, DateTimeOffset? dueAt) =>
        refund with
        {
            Status = status,
            UpdatedAt = now,
            DueAt = dueAt,
            ProviderReference = reference,
            Code = outcome.Code ?? (status == refund.Status ? refund.Code : null),
            Message = outcome.Reason ?? (status == refund.Status ? refund.Message : null),
            Source = source,
        };
}
