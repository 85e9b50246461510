using System;
using System.Threading.Tasks;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// Sends a refund that is stored as <see cref="RefundStatus.Processing"/> (the compare-and-swap that wrote it is the only licence to
/// send: no other writer can have sent it), exactly once, and records the provider's answer.
/// </summary>
internal sealed class RefundSender(ProviderRegistry providers, RefundWriter writer, PaymentGatewayOptions options, TimeProvider time)
{
    public async ValueTask<(PaymentRecord Record, PaymentRefund Refund)> SendAsync(PaymentRecord record, PaymentRefund refund)
    {
        var entry = providers.Find(refund.Provider);
        var outcome = entry?.Refunds is { } refunds
            ? await entry.RefundAsync(refunds, Describe(record, refund)).ConfigureAwait(false)
            : ProviderOutcome.NotProcessed($"provider '{refund.Provider}' cannot refund now; the refund was not sent", "no-refund-provider");
        var answeredAt = time.GetUtcNow();
        var (stored, written) = await writer.UpdateAsync(
            record,
            refund.Key,
            (Outcome: outcome, Now: answeredAt, Options: options),
            static (current, s) =>
            {
                var next = RefundTransitions.Apply(current, s.Outcome, OutcomeSource.Response, s.Now, s.Options.Reconciliation.FirstCheckDelay, s.Options.Queue.InitialDelay);
                if (current.Status != RefundStatus.Processing && next?.Status != RefundStatus.Succeeded)
                {
                    return null; // a callback settled or advanced it first: the send's own answer only adds a success
                }

                return next is null ? null : next with { LastInFlightAt = s.Now };
            }).ConfigureAwait(false);
        return (stored, written ?? refund);
    }

    /// <summary>The refund as the adapter sees it (to send, or to ask about).</summary>
    public static ProviderRefundRequest Describe(PaymentRecord record, PaymentRefund refund)
    {
        var attempt = record.Attempts[refund.AttemptNumber - 1];
        var extra = record.ExtraCharges;
        var charged = record.Request.Amount;
        for (var i = 0; i < extra.Count; i++)
        {
            if (extra[i].AttemptNumber == refund.AttemptNumber)
            {
                charged = extra[i].Amount;
            }
        }

        return new ProviderRefundRequest
        {
            PaymentKey = record.Key,
            RefundKey = refund.Key,
            RefundReference = refund.Reference,
            Amount = refund.Amount,
            Reason = refund.Reason,
            AttemptReference = attempt.Reference,
            ChargeProviderReference = attempt.ProviderReference,
            ChargeReceipt = attempt.Receipt ?? ReceiptOfExtraCharge(record, refund.AttemptNumber),
            ChargedAmount = charged,
            Instrument = attempt.Instrument,
            ProviderReference = refund.ProviderReference,
            SentAt = refund.SentAt,
            LastInFlightAt = refund.LastInFlightAt,
        };
    }

    private static string? ReceiptOfExtraCharge(PaymentRecord record, int attemptNumber)
    {
        foreach (var extra in record.ExtraCharges)
        {
            if (extra.AttemptNumber == attemptNumber)
            {
                return extra.Receipt;
            }
        }

        return null;
    }
}
