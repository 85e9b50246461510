using System;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// <see cref="IPaymentGateway.ApplyRefundUpdateAsync"/>: finds the refund a provider's report is about (by the refund's reference, the
/// provider's refund reference, or the charge's reference and the amount when the report names only the charge) and applies it with
/// the refund state machine. Duplicates change nothing; a final refund is never undone.
/// </summary>
internal sealed class RefundUpdateApplier(IPaymentStore store, RefundWriter writer, PaymentGatewayOptions options, TimeProvider time)
{
    public async Task<RefundUpdateResult> ApplyAsync(RefundUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(update.Provider);
        ArgumentNullException.ThrowIfNull(update.Outcome);
        var (record, refund) = await FindAsync(RefundCoordinator.Refunds(store), update, cancellationToken).ConfigureAwait(false);
        if (record is null || refund is null)
        {
            return new RefundUpdateResult(ProviderUpdateDisposition.UnknownReference, null);
        }

        var (stored, after) = await writer.UpdateAsync(
            record,
            refund.Key,
            (Update: update, Now: time.GetUtcNow(), Options: options),
            static (current, s) =>
            {
                var next = RefundTransitions.Apply(current, s.Update.Outcome, s.Update.Source, s.Now, s.Options.Reconciliation.FirstCheckDelay, s.Options.Queue.InitialDelay);
                if (next is null && current.ProviderReference is null && s.Update.ProviderReference is { } learnt)
                {
                    next = current with { ProviderReference = learnt, UpdatedAt = s.Now }; // bind the provider's id for later questions
                }

                return next;
            }).ConfigureAwait(false);
        var changed = after is not null && !after.Equals(refund);
        return new RefundUpdateResult(changed ? ProviderUpdateDisposition.Applied : ProviderUpdateDisposition.Unchanged, new RefundResult(stored, after ?? refund));
    }

    private async ValueTask<(PaymentRecord? Record, PaymentRefund? Refund)> FindAsync(IRefundStore refunds, RefundUpdate update, CancellationToken cancellationToken)
    {
        foreach (var reference in new[] { update.RefundReference, update.ProviderReference })
        {
            if (string.IsNullOrEmpty(reference))
            {
                continue;
            }

            var record = await refunds.FindByRefundReferenceAsync(update.Provider, reference, cancellationToken).ConfigureAwait(false);
            if (record is not null && Match(record, update.Provider, reference) is { } refund)
            {
                return (record, refund);
            }
        }

        // Only the charge is named (some webhooks): the one open refund of that charge without a provider reference yet, of that amount.
        if (!string.IsNullOrEmpty(update.ChargeProviderReference)
            && await store.FindByProviderReferenceAsync(update.Provider, update.ChargeProviderReference, cancellationToken).ConfigureAwait(false) is { } payment
            && payment.FindAttempt(update.Provider, update.ChargeProviderReference) is { } attempt)
        {
            PaymentRefund? only = null;
            foreach (var refund in payment.Refunds)
            {
                if (refund.AttemptNumber == attempt.Number && !refund.Status.IsFinal() && refund.ProviderReference is null
                    && (update.Outcome.Amount is not { } amount || amount == refund.Amount))
                {
                    if (only is not null)
                    {
                        return (null, null); // ambiguous: leave it to the status query
                    }

                    only = refund;
                }
            }

            return (payment, only);
        }

        return (null, null);
    }

    private static PaymentRefund? Match(PaymentRecord record, string provider, string reference)
    {
        foreach (var refund in record.Refunds)
        {
            if (string.Equals(refund.Provider, provider, StringComparison.OrdinalIgnoreCase)
                && (string.Equals(refund.Reference, reference, StringComparison.Ordinal) || string.Equals(refund.ProviderReference, reference, StringComparison.Ordinal)))
            {
                return refund;
            }
        }

        return null;
    }
}
