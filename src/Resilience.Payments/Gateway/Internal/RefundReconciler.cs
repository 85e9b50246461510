using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// Reconciliation of a claimed succeeded payment. First its other attempts whose outcome is still open (a failed-over attempt may
/// have charged after all: its success becomes an extra charge, given back), then its open refunds: sends a queued reversal once (after winning its
/// Queued → Processing write), and asks the provider about every refund that is Processing past its in-flight window (a crash, a
/// send cut short), Pending or Unknown: settles it, or schedules the next question with backoff and flags it when unresolved too
/// long. A refund is never sent again once it may have reached the provider.
/// </summary>
internal sealed class RefundReconciler(
    ProviderRegistry providers,
    PaymentWriter payments,
    RefundWriter writer,
    RefundSender sender,
    AttemptLifecycle attempts,
    ReferenceGuard guard,
    LockedRandom random,
    PaymentGatewayOptions options,
    TimeProvider time,
    ILogger logger,
    EventDispatcher events)
{
    public async ValueTask<PaymentRecord> ReconcileAsync(PaymentRecord record, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var askedAttempts = false;
        if (record.HasOpenAttemptAfterSuccess)
        {
            record = await AskAboutOpenAttemptsAsync(record, cancellationToken).ConfigureAwait(false);
            askedAttempts = true;
        }

        foreach (var due in record.Refunds)
        {
            if (due.Status.IsFinal() || due.DueAt is not { } at || at > now)
            {
                continue;
            }

            record = due.Status == RefundStatus.Queued
                ? await SendQueuedAsync(record, due.Key, now).ConfigureAwait(false)
                : await AskAsync(record, due.Key, now, cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset? nextAttemptCheck = null;
        if (askedAttempts && record.HasOpenAttemptAfterSuccess)
        {
            var reconciliation = options.Reconciliation;
            nextAttemptCheck = now + Backoff.Compute(reconciliation.FirstCheckDelay, reconciliation.MaxDelay, record.StatusChecks + 1, 0.1, random.NextDouble());
        }

        return await ReleaseAsync(record, owner, askedAttempts, nextAttemptCheck).ConfigureAwait(false);
    }

    private async ValueTask<PaymentRecord> AskAboutOpenAttemptsAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        var deciding = record.DecidingAttempt?.Number;
        foreach (var open in record.Attempts)
        {
            if (!PaymentRecord.IsOpenAfterSuccess(open, deciding) || providers.Find(open.Provider) is not { } provider)
            {
                continue;
            }

            var outcome = await provider.QueryStatusAsync(
                StatusQuestions.About(record, open, provider, time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
            var current = record.Attempts[open.Number - 1];
            outcome = await guard.GuardNewReferenceAsync(record, current, outcome, verified: true, cancellationToken).ConfigureAwait(false);
            record = await attempts.RecordOutcomeAsync(record, open.Number, outcome, OutcomeSource.StatusQuery).ConfigureAwait(false);
        }

        return record;
    }

    private async ValueTask<PaymentRecord> SendQueuedAsync(PaymentRecord record, string refundKey, DateTimeOffset now)
    {
        var inFlightFor = RefundPlanner.InFlightWindow(providers.Find(record.FindRefund(refundKey)!.Provider));
        var (stored, processing, wrote) = await writer.UpdateAsync(
            record,
            refundKey,
            (Now: now, InFlightFor: inFlightFor),
            static (refund, s) => refund.Status == RefundStatus.Queued
                ? refund with { Status = RefundStatus.Processing, SentAt = s.Now, LastInFlightAt = s.Now + s.InFlightFor, DueAt = s.Now + s.InFlightFor, UpdatedAt = s.Now }
                : null).ConfigureAwait(false);
        if (!wrote || processing is not { Status: RefundStatus.Processing })
        {
            return stored; // someone else moved it on first: only the writer of Processing sends
        }

        return (await sender.SendAsync(stored, processing).ConfigureAwait(false)).Record;
    }

    private async ValueTask<PaymentRecord> AskAsync(PaymentRecord record, string refundKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refund = record.FindRefund(refundKey)!;
        var entry = providers.Find(refund.Provider);
        var outcome = entry?.Refunds is { } refunds
            ? await entry.QueryRefundAsync(refunds, RefundSender.Describe(record, refund), cancellationToken).ConfigureAwait(false)
            : ProviderOutcome.Unknown($"provider '{refund.Provider}' is not registered or cannot refund now; cannot ask about the refund");
        var checkedAt = time.GetUtcNow();
        var reconciliation = options.Reconciliation;
        var delay = Backoff.Compute(reconciliation.FirstCheckDelay, reconciliation.MaxDelay, refund.Checks + 1, 0.1, random.NextDouble());
        var (stored, after, _) = await writer.UpdateAsync(
            record,
            refundKey,
            (Outcome: outcome, Now: checkedAt, Delay: delay, Options: options),
            static (current, s) =>
            {
                var applied = RefundTransitions.Apply(current, s.Outcome, OutcomeSource.StatusQuery, s.Now, s.Options.Reconciliation.FirstCheckDelay, s.Options.Queue.InitialDelay);
                if (current.Status.IsFinal() || (applied is not null && applied.Status != current.Status))
                {
                    return applied; // settled, or moved on (Processing → Pending or Unknown)
                }

                return (applied ?? current) with { Checks = current.Checks + 1, DueAt = s.Now + s.Delay, UpdatedAt = s.Now }; // no verdict yet
            }).ConfigureAwait(false);
        if (after is { } open && !open.Status.IsFinal())
        {
            await FlagIfLongUnresolvedAsync(stored, open, outcome).ConfigureAwait(false);
        }

        return stored;
    }

    private async ValueTask FlagIfLongUnresolvedAsync(PaymentRecord record, PaymentRefund refund, ProviderOutcome lastAnswer)
    {
        var unresolved = time.GetUtcNow() - (refund.SentAt ?? refund.CreatedAt);
        if (unresolved < options.Reconciliation.AttentionAfter)
        {
            return;
        }

        Log.RefundNeedsAttention(logger, refund.Key, record.Key, refund.Provider, unresolved, lastAnswer.Reason);
        if (events.HasHandlers)
        {
            await events.PublishAsync(new PaymentNeedsAttentionEvent
            {
                OccurredAt = time.GetUtcNow(),
                Payment = new PaymentResult(record),
                Unresolved = unresolved,
                LastReason = $"refund {refund.Key} ({refund.Status}): {ProviderText.Scrub(lastAnswer.Reason) ?? "no reason given"}",
            }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gives the claim's lease back. The payment stays due for its open refunds (by their own due times) and, when other attempts are
    /// still open after this round's questions, for the next question (<paramref name="nextAttemptCheck"/>, with backoff).
    /// </summary>
    private async ValueTask<PaymentRecord> ReleaseAsync(PaymentRecord record, string owner, bool askedAttempts, DateTimeOffset? nextAttemptCheck)
    {
        while (string.Equals(record.LeaseOwner, owner, StringComparison.Ordinal))
        {
            var released = record with { LeaseOwner = null, LeaseExpiresAt = null };
            if (askedAttempts)
            {
                released = released with { DueAt = nextAttemptCheck, StatusChecks = nextAttemptCheck is null ? record.StatusChecks : record.StatusChecks + 1 };
            }

            var stored = await payments.SaveAsync(record, released).ConfigureAwait(false);
            if (stored is not null)
            {
                return stored;
            }

            record = await payments.ReloadAsync(record.Key).ConfigureAwait(false);
        }

        return record;
    }
}
