using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// Routing over candidates: plans a new payment's (provider, instrument) pairs, creates it, and walks the candidates in order
/// while holding the payment's lease, skipping open circuits and failing over only from an attempt proven not processed.
/// A payment no candidate took ends queued (with backoff and jitter), failed or expired.
/// </summary>
internal sealed class PaymentRouter(
    ProviderRegistry providers,
    AttemptLifecycle attempts,
    PaymentWriter writer,
    LeaseOwners owners,
    LockedRandom random,
    PaymentGatewayOptions options,
    TimeProvider time,
    ILogger logger,
    PaymentsTelemetry telemetry)
{
    /// <summary>
    /// Creates the payment and routes it. When a candidate can take the payment now, the created record already holds
    /// its first attempt (one durable write, not two, before the provider is called); when none can, the record is
    /// created in its end state (queued, failed or expired: one write in all).
    /// </summary>
    public async ValueTask<PaymentResult> PayAsync(PaymentRequest request)
    {
        using var activity = PaymentsTelemetry.ActivitySource.StartActivity("payments.pay");
        activity?.SetTag("payment.key", request.IdempotencyKey);

        var now = time.GetUtcNow();
        var owner = owners.Pay;
        var plan = Plan(request, now);
        var record = plan.Begun >= 0
            ? NewPaymentRecords.Begun(request, plan.Candidates[plan.Begun], owner, now, now + options.LeaseDuration)
            : NewPaymentRecords.Unrouted(request, DecideUnrouted(request, queueRounds: 0, now, plan.Candidates.Count == 0, plan.Notes, plan.Unfit), now);
        var (stored, created) = await writer.TryCreateAsync(record).ConfigureAwait(false);
        if (!created)
        {
            if (!stored.IsRequest(request))
            {
                throw new IdempotencyConflictException(request.IdempotencyKey);
            }

            telemetry.Replay();
            return new PaymentResult(stored);
        }

        ReportSkipped(plan.Notes, request.IdempotencyKey);
        await writer.OnStatusChangedAsync(stored, previous: null).ConfigureAwait(false);
        var final = plan.Begun >= 0 ? await RouteAsync(stored, owner, plan, CancellationToken.None).ConfigureAwait(false) : stored;
        activity?.SetTag("payment.status", final.Status.ToString());
        return new PaymentResult(final);
    }

    /// <summary>
    /// Routes a claimed payment again. <paramref name="excluded"/>, the pair just found not processed, goes last in this round.
    /// Ends Succeeded/Pending/ActionRequired/Declined, or Queued/Failed/Expired when no candidate could take it.
    /// </summary>
    public ValueTask<PaymentRecord> RouteAsync(PaymentRecord record, string owner, PaymentAttempt? excluded, CancellationToken cancellationToken)
    {
        List<string>? unfit = null;
        var candidates = providers.Candidates(record.Request, ref unfit);
        if (excluded is not null)
        {
            var index = candidates.FindIndex(c => c.Provider.Name == excluded.Provider && c.Instrument.Canonical == excluded.Instrument.Canonical);
            if (index >= 0)
            {
                var pair = candidates[index];
                candidates.RemoveAt(index);
                candidates.Add(pair);
            }
        }

        return RouteAsync(record, owner, new RoutePlan(candidates, unfit, default, Begun: -1), cancellationToken);
    }

    /// <summary>The candidates for a new payment and the first that can take it now; skipping one touches no state.</summary>
    internal RoutePlan Plan(PaymentRequest request, DateTimeOffset now)
    {
        List<string>? unfit = null;
        var candidates = providers.Candidates(request, ref unfit);
        var notes = default(RouteNotes);
        if (!(request.ExpiresAt <= now))
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                if (candidates[i].Provider.AcceptsCalls(now, out var circuit))
                {
                    return new RoutePlan(candidates, unfit, notes, Begun: i);
                }

                notes.Add(new RouteNote(candidates[i], circuit, Reason: null));
            }
        }

        return new RoutePlan(candidates, unfit, notes, Begun: -1);
    }

    /// <summary>Where a payment no candidate took ends: expired, failed (no provider fits, queueing not allowed, or retries used up) or queued.</summary>
    internal UnroutedEnd DecideUnrouted(PaymentRequest request, int queueRounds, DateTimeOffset now, bool noProviderFits, RouteNotes notes, List<string>? unfit)
    {
        if (request.ExpiresAt <= now)
        {
            return new(PaymentStatus.Expired, "The payment expired before any provider could take it." + notes.Describe(), null, queueRounds);
        }

        if (noProviderFits)
        {
            return new(PaymentStatus.Failed, "No configured provider can charge this payment: " + string.Join("; ", unfit ?? []) + ".", null, queueRounds);
        }

        if (!request.AllowQueue)
        {
            return new(PaymentStatus.Failed, "No provider could take the payment and it may not be queued." + notes.Describe(), null, queueRounds);
        }

        var queue = options.Queue;
        if (queueRounds >= queue.MaxAttempts)
        {
            return new(PaymentStatus.Failed, $"No provider could take the payment after {queueRounds} retries from the queue." + notes.Describe(), null, queueRounds);
        }

        var dueAt = now + Backoff.Compute(queue.InitialDelay, queue.MaxDelay, queueRounds, queue.JitterFactor, random.NextDouble());
        return new(PaymentStatus.Queued, "No provider can take the payment now; it will be retried." + notes.Describe(), dueAt, queueRounds + 1);
    }

    /// <summary>
    /// Routes from a plan: the candidates before <see cref="RoutePlan.Begun"/> were skipped when the payment was created
    /// (their notes are in the plan), and the record's last attempt is the begun candidate's. Starts an attempt only when the
    /// previous one is resolved as not processed, records it before calling the provider, and records the outcome before
    /// deciding anything.
    /// </summary>
    private async ValueTask<PaymentRecord> RouteAsync(PaymentRecord record, string owner, RoutePlan plan, CancellationToken cancellationToken)
    {
        var candidates = plan.Candidates;
        var notes = plan.Notes; // formatted only if the payment ends unrouted

        for (var i = Math.Max(plan.Begun, 0); i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            int number;
            if (i == plan.Begun)
            {
                number = record.Attempts.Count; // stored with the payment
            }
            else
            {
                var now = time.GetUtcNow();
                if (record.Request.ExpiresAt <= now)
                {
                    break;
                }

                if (!candidate.Provider.AcceptsCalls(now, out var circuit))
                {
                    notes.Add(new RouteNote(candidate, circuit, Reason: null));
                    telemetry.BreakerRejection(candidate.Provider.Name);
                    Log.CircuitSkipped(logger, candidate.Provider.Name, record.Key, circuit);
                    continue;
                }

                var begun = await attempts.BeginAsync(record, candidate, owner).ConfigureAwait(false);
                if (begun.Number == 0)
                {
                    return begun.Record; // someone else holds the payment now, or it was decided meanwhile
                }

                record = begun.Record;
                number = begun.Number;
            }

            var attempt = record.Attempts[number - 1];
            var outcome = await attempts.InitiateAsync(candidate.Provider, record, attempt, cancellationToken).ConfigureAwait(false);
            record = await attempts.RecordOutcomeAsync(record, number, outcome, OutcomeSource.Response).ConfigureAwait(false);

            if (cancellationToken.IsCancellationRequested && outcome.Kind == OutcomeKind.Unknown)
            {
                // Recorded as unknown: the reconciler resolves it. The caller asked to stop waiting.
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (record.Status != PaymentStatus.Processing || !string.Equals(record.LeaseOwner, owner, StringComparison.Ordinal)
                || record.Attempts[number - 1].Outcome != OutcomeKind.NotProcessed)
            {
                return record;
            }

            var reason = record.Attempts[number - 1].Reason ?? "not processed";
            notes.Add(new RouteNote(candidate, Circuit: null, reason));
            telemetry.Failover(candidate.Provider.Name);
        }

        return await FinishUnroutedAsync(record, owner, candidates.Count == 0, notes, plan.Unfit).ConfigureAwait(false);
    }

    private async ValueTask<PaymentRecord> FinishUnroutedAsync(PaymentRecord record, string owner, bool noProviderFits, RouteNotes notes, List<string>? unfit)
    {
        var now = time.GetUtcNow();
        var end = DecideUnrouted(record.Request, record.QueueRounds, now, noProviderFits, notes, unfit);
        var saved = await writer.SaveAsOwnerAsync(
            record,
            owner,
            (End: end, Now: now),
            PaymentWriter.NothingUnresolved,
            static (latest, change) => latest with
            {
                Status = change.End.Status,
                FailureReason = change.End.Reason,
                DueAt = change.End.DueAt,
                QueueRounds = change.End.QueueRounds,
                LeaseOwner = null,
                LeaseExpiresAt = null,
                UpdatedAt = change.Now,
            }).ConfigureAwait(false);
        return saved.Record;
    }

    private void ReportSkipped(RouteNotes notes, string key)
    {
        for (var i = 0; i < notes.Count; i++)
        {
            var note = notes[i];
            if (note.Circuit is { } circuit)
            {
                telemetry.BreakerRejection(note.Candidate.Provider.Name);
                Log.CircuitSkipped(logger, note.Candidate.Provider.Name, key, circuit);
            }
        }
    }
}
