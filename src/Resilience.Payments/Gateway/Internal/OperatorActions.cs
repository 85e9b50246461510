using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>What an operator may do (see <see cref="IPaymentOperations"/>): list, requeue a failed payment, cancel a queued one.</summary>
internal sealed class OperatorActions(IPaymentStore store, PaymentWriter writer, TimeProvider time)
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
        ChangeAsync(
            idempotencyKey,
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
            cancellationToken);

    public Task<PaymentResult?> CancelAsync(string idempotencyKey, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return ChangeAsync(
            idempotencyKey,
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

    private async Task<PaymentResult?> ChangeAsync(
        string key,
        Func<PaymentRecord, string?> whyNot,
        Func<PaymentRecord, DateTimeOffset, PaymentRecord> change,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var record = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        while (record is not null)
        {
            if (whyNot(record) is { } reason)
            {
                throw new InvalidOperationException($"Payment {key} was not changed: {reason}.");
            }

            var stored = await writer.SaveAsync(record, change(record, time.GetUtcNow())).ConfigureAwait(false);
            if (stored is not null)
            {
                return new PaymentResult(stored);
            }

            record = await store.GetAsync(key, cancellationToken).ConfigureAwait(false); // changed meanwhile: judge again
        }

        return null;
    }
}
