using System;
using System.Collections.Generic;
using System.Globalization;

namespace Resilience.Payments.Operations.Internal;

/// <summary>
/// Which conditions of a payment need a person (see <see cref="PaymentListKind.NeedsAttention"/>): an outcome unresolved longer than
/// <see cref="ReconciliationOptions.AttentionAfter"/>, an amount mismatch, an extra charge, a refund open longer than AttentionAfter;
/// each unless the payment was marked reviewed at or after the condition arose. Pure.
/// </summary>
internal static class AttentionRules
{
    public static IReadOnlyList<PaymentAttention> Evaluate(PaymentRecord record, DateTimeOffset now, TimeSpan attentionAfter)
    {
        List<PaymentAttention>? found = null;
        var reviewed = LastReview(record);
        PaymentResult? payment = null;

        void Add(AttentionReason reason, DateTimeOffset since, string detail)
        {
            if (reviewed is { } at && at >= since)
            {
                return;
            }

            payment ??= new PaymentResult(record);
            (found ??= []).Add(new PaymentAttention { Payment = payment, Reason = reason, Since = since, Detail = detail });
        }

        if (record.Status is PaymentStatus.Pending or PaymentStatus.ActionRequired or PaymentStatus.Processing)
        {
            var since = record.LastAttempt?.StartedAt ?? record.CreatedAt;
            if (now - since >= attentionAfter)
            {
                Add(AttentionReason.UnresolvedOutcome, since, Invariant($"{record.Status} for {Duration(now - since)}{(record.LastAttempt is { } last ? $" (attempt {last.Number} through {last.Provider})" : string.Empty)}"));
            }
        }

        foreach (var attempt in record.Attempts)
        {
            if (attempt.Mismatch is { } mismatch)
            {
                Add(AttentionReason.AmountMismatch, mismatch.DetectedAt, Invariant($"attempt {attempt.Number} through {attempt.Provider}: {ProviderText.Scrub(mismatch.Reason)}"));
            }
        }

        foreach (var extra in record.ExtraCharges)
        {
            Add(AttentionReason.ExtraCharge, extra.DetectedAt, Invariant($"attempt {extra.AttemptNumber} through {extra.Provider} also charged {extra.Amount}"));
        }

        foreach (var refund in record.Refunds)
        {
            var since = refund.SentAt ?? refund.CreatedAt;
            if (!refund.Status.IsFinal() && now - since >= attentionAfter)
            {
                Add(AttentionReason.RefundOpen, since, Invariant($"refund {refund.Key} of {refund.Amount} through {refund.Provider} is {refund.Status} after {Duration(now - since)}"));
            }
        }

        return found ?? (IReadOnlyList<PaymentAttention>)[];
    }

    private static DateTimeOffset? LastReview(PaymentRecord record)
    {
        DateTimeOffset? last = null;
        foreach (var note in record.OperatorNotes)
        {
            if (note.Action == OperatorActionKind.Review && (last is null || note.At > last))
            {
                last = note.At;
            }
        }

        return last;
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? Invariant($"{(int)span.TotalHours} h {span.Minutes} min")
        : Invariant($"{(int)span.TotalMinutes} min");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
