using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Internal;
using Resilience.Payments.Operations.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// What an operator may do (see <see cref="PaymentOperations"/>): list the store-indexed lists, requeue a failed payment, cancel a queued
/// one, make one due now for the reconciler, mark one reviewed. Every change carries its <see cref="OperatorNote"/> in the same
/// compare-and-swap write, through the gateway's <see cref="PaymentWriter"/>; a refusal changes nothing.
/// </summary>
internal sealed class OperatorActions(IPaymentStore store, PaymentWriter writer, TimeProvider time, WorkNudge? queueNudge = null, WorkNudge? reconciliationNudge = null)
{
    private static readonly PaymentStatus[] UnresolvedStatuses = [PaymentStatus.Pending, PaymentStatus.ActionRequired, PaymentStatus.Processing];

    public async Task<IReadOnlyList<PaymentResult>> ListAsync(PaymentListKind kind, int limit, string? afterKey, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var query = kind switch
        {
            PaymentListKind.Queued => new PaymentQuery { Statuses = [PaymentStatus.Queued] },
            PaymentListKind.DeadLettered => new PaymentQuery { Statuses = [PaymentStatus.Failed], QueuedAtLeastOnce = true },
            PaymentListKind.Unresolved => new PaymentQuery { Statuses = UnresolvedStatuses },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown list."),
        };
        var records = await store.ListAsync(query with { Limit = limit, AfterKey = afterKey }, cancellationToken).ConfigureAwait(false);
        return records.Select(r => new PaymentResult(r)).ToArray();
    }

    public Task<PaymentResult?> RequeueAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        RequeueAsync(idempotencyKey, PaymentOperations.ApiActor, cancellationToken);

    public async Task<PaymentResult?> RequeueAsync(string idempotencyKey, string actor, CancellationToken cancellationToken)
    {
        var result = await ChangeAsync(
            idempotencyKey,
            new Note(actor, OperatorActionKind.Requeue, null),
            record =>
            {
                if (record.Status != PaymentStatus.Failed)
                {
                    return $"only a Failed payment may be requeued; this one is {record.Status}";
                }

                return record.LastAttempt is { Outcome: not OutcomeKind.NotProcessed }
                    ? $"its last attempt ({record.LastAttempt.Reference}) is {record.LastAttempt.Outcome?.ToString() ?? "unresolved"}, not NotProcessed"
                    : null;
            },
            (record, now) => record with
            {
                Status = PaymentStatus.Queued,
                DueAt = now,
                QueueRounds = 0,
                FailureReason = "Requeued by an operator. " + record.FailureReason,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        queueNudge?.Nudge();
        return result;
    }

    public Task<PaymentResult?> CancelAsync(string idempotencyKey, string reason, CancellationToken cancellationToken) =>
        CancelAsync(idempotencyKey, reason, PaymentOperations.ApiActor, cancellationToken);

    public Task<PaymentResult?> CancelAsync(string idempotencyKey, string reason, string actor, CancellationToken cancellationToken)
    {
        OperatorInput.Require(reason, "reason");
        return ChangeAsync(
            idempotencyKey,
            new Note(actor, OperatorActionKind.Cancel, reason),
            record =>
            {
                if (record.Status != PaymentStatus.Queued)
                {
                    return $"only a Queued payment may be cancelled; this one is {record.Status}";
                }

                return record.IsLeased(time.GetUtcNow()) ? "a worker is processing it right now; try again shortly" : null;
            },
            (record, now) => record with
            {
                Status = PaymentStatus.Cancelled,
                DueAt = null,
                FailureReason = "Cancelled by an operator: " + reason,
                UpdatedAt = now,
            },
            cancellationToken);
    }

    public async Task<PaymentResult?> ReconcileNowAsync(string idempotencyKey, string actor, CancellationToken cancellationToken)
    {
        var result = await ChangeAsync(
            idempotencyKey,
            new Note(actor, OperatorActionKind.Reconcile, null),
            record => record.IsLeased(time.GetUtcNow()) ? "a worker is processing it right now; try again shortly" : ReconcileNow.WhyNot(record),
            ReconcileNow.Apply,
            cancellationToken).ConfigureAwait(false);
        reconciliationNudge?.Nudge();
        return result;
    }

    public Task<PaymentResult?> MarkReviewedAsync(string idempotencyKey, string note, string actor, CancellationToken cancellationToken)
    {
        OperatorInput.Require(note, "note");
        return ChangeAsync(idempotencyKey, new Note(actor, OperatorActionKind.Review, note), static _ => null, static (record, now) => record with { UpdatedAt = now }, cancellationToken);
    }

    private async Task<PaymentResult?> ChangeAsync(
        string key,
        Note note,
        Func<PaymentRecord, string?> whyNot,
        Func<PaymentRecord, DateTimeOffset, PaymentRecord> change,
        CancellationToken cancellationToken)
    {
        OperatorInput.Require(key, "key");
        OperatorInput.Require(note.Actor, "actor");
        var record = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        while (record is not null)
        {
            if (whyNot(record) is { } reason)
            {
                throw new InvalidOperationException($"Payment {key} was not changed: {reason}.");
            }

            var now = time.GetUtcNow();
            var stored = await writer.SaveAsync(record, OperatorInput.WithNote(change(record, now), now, note.Actor, note.Action, note.Detail)).ConfigureAwait(false);
            if (stored is not null)
            {
                return new PaymentResult(stored);
            }

            record = await store.GetAsync(key, cancellationToken).ConfigureAwait(false); // changed meanwhile: judge again
        }

        return null;
    }

    private readonly record struct Note(string Actor, OperatorActionKind Action, string? Detail);
}
