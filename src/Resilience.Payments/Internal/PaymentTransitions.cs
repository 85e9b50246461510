using System;

namespace Resilience.Payments.Internal;

/// <summary>
/// The payment state machine: how one outcome of one attempt changes a payment. Pure, so that every
/// source (the initiation's reply, a callback, a status query) goes through the same rules:
/// a success is final; a resolved attempt changes only to success; only the latest attempt moves the
/// payment's status; nothing is downgraded from a known pending to an unknown.
/// </summary>
internal static class PaymentTransitions
{
    /// <summary>Returns the record after the outcome, or <see langword="null"/> when the outcome changes nothing.</summary>
    public static PaymentRecord? ApplyOutcome(
        PaymentRecord record,
        int attemptNumber,
        ProviderOutcome outcome,
        OutcomeSource source,
        DateTimeOffset now,
        TimeSpan firstCheckDelay,
        out bool secondSuccess)
    {
        secondSuccess = false;
        if (attemptNumber < 1 || attemptNumber > record.Attempts.Count)
        {
            return null;
        }

        var attempt = record.Attempts[attemptNumber - 1];
        var kind = outcome.Kind;
        if (!ChangesAttempt(attempt, outcome))
        {
            return null;
        }

        var updatedAttempt = attempt with
        {
            Outcome = kind,
            Source = source,
            CompletedAt = now,
            ProviderReference = outcome.ProviderReference ?? attempt.ProviderReference,
            Receipt = outcome.Receipt ?? attempt.Receipt,
            Code = outcome.Code ?? attempt.Code,
            Reason = outcome.Reason ?? attempt.Reason,
            Action = outcome.Action ?? attempt.Action,
        };
        var attempts = new PaymentAttempt[record.Attempts.Count];
        for (var i = 0; i < attempts.Length; i++)
        {
            attempts[i] = i == attemptNumber - 1 ? updatedAttempt : record.Attempts[i];
        }

        // Each case makes one copy of the record (a payment's hot path writes three or four of them).
        var isLatest = attemptNumber == record.Attempts.Count;
        var open = record.Status is PaymentStatus.Processing or PaymentStatus.Pending or PaymentStatus.ActionRequired;
        switch (kind)
        {
            case OutcomeKind.Succeeded when record.Status == PaymentStatus.Succeeded:
                // Another attempt already succeeded: the first success stays the payment's; this charge is kept to be given back.
                secondSuccess = true;
                return record with { Attempts = attempts, UpdatedAt = now, ExtraCharges = [.. record.ExtraCharges, ExtraChargeOf(updatedAttempt, outcome, record.Request.Amount, now)] };

            case OutcomeKind.Succeeded:
                // Rule 3: a success from any source is final, even after a failure was recorded.
                return Settle(record, attempts, now, PaymentStatus.Succeeded, failureReason: null);

            case OutcomeKind.Declined when isLatest && open:
                return Settle(record, attempts, now, PaymentStatus.Declined, record.FailureReason);

            case OutcomeKind.Pending or OutcomeKind.ActionRequired or OutcomeKind.Unknown when isLatest && open:
                var status = kind == OutcomeKind.ActionRequired ? PaymentStatus.ActionRequired : PaymentStatus.Pending;
                if (status == record.Status)
                {
                    return record with { Attempts = attempts, UpdatedAt = now }; // more detail for the same state: keep the reconciler's schedule
                }

                return record with
                {
                    Attempts = attempts,
                    UpdatedAt = now,
                    Status = status,
                    DueAt = now + firstCheckDelay,
                    StatusChecks = 0,
                    LeaseOwner = null,
                    LeaseExpiresAt = null,
                };

            case OutcomeKind.NotProcessed when isLatest && record.Status is PaymentStatus.Pending or PaymentStatus.ActionRequired:
                // Provably not charged: free for failover now. The reconciler routes it again.
                return record with { Attempts = attempts, UpdatedAt = now, DueAt = now };

            default:
                // Processing + NotProcessed: the lease holder moves on to the next candidate (or, after a crash,
                // the reconciler does). Stale attempts and final payments: only the attempt's record changes.
                return record with { Attempts = attempts, UpdatedAt = now };
        }
    }

    /// <summary>
    /// Returns the record after a reported success that does not match the attempt (safety rule 8): the attempt keeps its outcome
    /// (unknown when it had none) and records the mismatch; the payment is never settled by it and waits, open, for a person (a
    /// payment still processing becomes pending). <see langword="null"/> when the attempt already records a mismatch or succeeded.
    /// </summary>
    public static PaymentRecord? ApplyMismatch(PaymentRecord record, int attemptNumber, AmountMismatch mismatch, string? providerReference, DateTimeOffset now, TimeSpan firstCheckDelay)
    {
        if (attemptNumber < 1 || attemptNumber > record.Attempts.Count)
        {
            return null;
        }

        var attempt = record.Attempts[attemptNumber - 1];
        if (attempt.Mismatch is not null || attempt.Outcome == OutcomeKind.Succeeded)
        {
            return null;
        }

        var updatedAttempt = attempt with
        {
            Mismatch = mismatch,
            Outcome = attempt.Outcome is null or OutcomeKind.NotProcessed or OutcomeKind.Declined ? OutcomeKind.Unknown : attempt.Outcome,
            Source = mismatch.Source,
            CompletedAt = now,
            ProviderReference = attempt.ProviderReference ?? providerReference,
            Reason = "Money moved that does not match the payment: " + mismatch.Reason,
            Code = "amount-mismatch",
        };
        var attempts = new PaymentAttempt[record.Attempts.Count];
        for (var i = 0; i < attempts.Length; i++)
        {
            attempts[i] = i == attemptNumber - 1 ? updatedAttempt : record.Attempts[i];
        }

        return record.Status == PaymentStatus.Processing
            ? record with { Attempts = attempts, UpdatedAt = now, Status = PaymentStatus.Pending, DueAt = now + firstCheckDelay, StatusChecks = 0, LeaseOwner = null, LeaseExpiresAt = null }
            : record with { Attempts = attempts, UpdatedAt = now };
    }

    /// <summary>Returns whether an outcome adds anything to what the attempt already records.</summary>
    internal static bool ChangesAttempt(PaymentAttempt attempt, ProviderOutcome outcome)
    {
        var kind = outcome.Kind;
        if (attempt.Outcome == OutcomeKind.Succeeded)
        {
            return false;
        }

        if (attempt.Mismatch is not null)
        {
            return kind == OutcomeKind.Succeeded; // money moved: only a matching success settles it; nothing fails it over
        }

        if (attempt.IsResolved)
        {
            return kind == OutcomeKind.Succeeded;
        }

        if (attempt.Outcome is OutcomeKind.Pending or OutcomeKind.ActionRequired && kind == OutcomeKind.Unknown)
        {
            return false; // never downgrade a known acceptance to unknown
        }

        if (attempt.Outcome == kind)
        {
            return outcome.ProviderReference is not null && outcome.ProviderReference != attempt.ProviderReference;
        }

        return true;
    }

    private static ExtraCharge ExtraChargeOf(PaymentAttempt attempt, ProviderOutcome outcome, Money requested, DateTimeOffset now) => new()
    {
        AttemptNumber = attempt.Number,
        Provider = attempt.Provider,
        Amount = outcome.Amount ?? requested,
        Receipt = attempt.Receipt,
        ProviderReference = attempt.ProviderReference,
        DetectedAt = now,
    };

    private static PaymentRecord Settle(PaymentRecord record, PaymentAttempt[] attempts, DateTimeOffset now, PaymentStatus status, string? failureReason) =>
        record with
        {
            Attempts = attempts,
            UpdatedAt = now,
            Status = status,
            DueAt = null,
            LeaseOwner = null,
            LeaseExpiresAt = null,
            FailureReason = failureReason,
        };
}
