using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// Reconciliation of one claimed payment: asks the provider about its unresolved attempt, then settles it, waits (the next
/// check rescheduled with backoff, the payment flagged when unresolved too long), or hands it to routing for failover once the
/// attempt is proven not processed.
/// </summary>
internal sealed class PaymentReconciler(
    ProviderRegistry providers,
    PaymentRouter router,
    ReferenceGuard guard,
    AttemptLifecycle attempts,
    PaymentWriter writer,
    LockedRandom random,
    PaymentGatewayOptions options,
    TimeProvider time,
    ILogger logger,
    EventDispatcher events)
{
    /// <summary>Reconciles a payment leased to <paramref name="owner"/>.</summary>
    public async ValueTask<PaymentRecord> ReconcileAsync(PaymentRecord record, string owner, CancellationToken cancellationToken)
    {
        var last = record.LastAttempt;
        if (last is null || last.Outcome == OutcomeKind.NotProcessed)
        {
            return await router.RouteAsync(record, owner, last, cancellationToken).ConfigureAwait(false); // nothing unresolved: free to route
        }

        if (!last.IsResolved)
        {
            var provider = providers.Find(last.Provider);
            if (provider is null)
            {
                Log.ProviderMissing(logger, record.Key, last.Provider);
                return await RescheduleCheckAsync(record, owner).ConfigureAwait(false);
            }

            var outcome = await provider.QueryStatusAsync(
                StatusQuestions.About(record, last, provider, time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
            outcome = await guard.GuardNewReferenceAsync(record, last, outcome, verified: true, cancellationToken).ConfigureAwait(false); // asked about this attempt
            record = await attempts.RecordOutcomeAsync(record, last.Number, outcome, OutcomeSource.StatusQuery).ConfigureAwait(false);
            if (!string.Equals(record.LeaseOwner, owner, StringComparison.Ordinal) || record.Status.IsFinal())
            {
                return record;
            }

            if (record.LastAttempt is { Outcome: OutcomeKind.NotProcessed } notProcessed)
            {
                return await router.RouteAsync(record, owner, notProcessed, cancellationToken).ConfigureAwait(false); // safety rule 1 satisfied
            }

            await FlagIfLongUnresolvedAsync(record, last, outcome).ConfigureAwait(false);
        }

        return await RescheduleCheckAsync(record, owner).ConfigureAwait(false);
    }

    /// <summary>Releases the lease and schedules the next status check, with backoff; a Processing payment becomes Pending.</summary>
    private async ValueTask<PaymentRecord> RescheduleCheckAsync(PaymentRecord record, string owner)
    {
        var now = time.GetUtcNow();
        var reconciliation = options.Reconciliation;
        var delay = Backoff.Compute(reconciliation.FirstCheckDelay, reconciliation.MaxDelay, record.StatusChecks + 1, 0.1, random.NextDouble());
        var saved = await writer.SaveAsOwnerAsync(
            record,
            owner,
            (Now: now, Delay: delay),
            static _ => true,
            static (latest, change) => latest with
            {
                Status = latest.Status == PaymentStatus.Processing ? PaymentStatus.Pending : latest.Status,
                StatusChecks = latest.StatusChecks + 1,
                DueAt = latest.Status.IsFinal() ? null : change.Now + change.Delay,
                LeaseOwner = null,
                LeaseExpiresAt = null,
                UpdatedAt = change.Now,
            }).ConfigureAwait(false);
        return saved.Record;
    }

    /// <summary>Logs and raises <see cref="PaymentNeedsAttentionEvent"/> when an attempt has stayed unresolved past the threshold.</summary>
    private async ValueTask FlagIfLongUnresolvedAsync(PaymentRecord record, PaymentAttempt attempt, ProviderOutcome lastAnswer)
    {
        var unresolved = time.GetUtcNow() - attempt.StartedAt;
        if (unresolved < options.Reconciliation.AttentionAfter || record.Status != PaymentStatus.Pending && record.Status != PaymentStatus.ActionRequired)
        {
            return;
        }

        Log.NeedsAttention(logger, record.Key, attempt.Reference, attempt.Provider, unresolved, lastAnswer.Reason);
        if (events.HasHandlers)
        {
            await events.PublishAsync(new PaymentNeedsAttentionEvent
            {
                OccurredAt = time.GetUtcNow(),
                Payment = new PaymentResult(record),
                Unresolved = unresolved,
                LastReason = lastAnswer.Reason,
            }).ConfigureAwait(false);
        }
    }
}
