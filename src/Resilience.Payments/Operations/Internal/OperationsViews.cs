using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Gateway.Internal;

namespace Resilience.Payments.Operations.Internal;

/// <summary>The operator's views that need more than one store query: attention, open refunds, recent failovers, the overview.</summary>
internal sealed class OperationsViews(IPaymentStore store, OperatorActions actions, Func<IReadOnlyList<ProviderHealth>> health, TimeSpan attentionAfter, TimeProvider time)
{
    /// <summary>How far back <see cref="PaymentListKind.RecentFailovers"/> looks: 24 hours.</summary>
    public static readonly TimeSpan FailoverWindow = TimeSpan.FromHours(24);

    private static readonly PaymentStatus[] Unresolved = [PaymentStatus.Pending, PaymentStatus.ActionRequired, PaymentStatus.Processing];

    public async Task<IReadOnlyList<PaymentResult>> ListAsync(PaymentListKind kind, int limit, string? afterKey, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        switch (kind)
        {
            case PaymentListKind.NeedsAttention:
                var attention = await AttentionAsync(cancellationToken).ConfigureAwait(false);
                var payments = attention.Select(a => a.Payment).DistinctBy(p => p.IdempotencyKey).OrderBy(p => p.CreatedAt).ThenBy(p => p.IdempotencyKey, StringComparer.Ordinal).ToList();
                return PaymentScanner.Page(payments, static p => p.IdempotencyKey, limit, afterKey);
            case PaymentListKind.RefundsOpen:
                var open = await PaymentScanner.ScanAsync(store, Recent(PaymentOperations.ScanWindow), HasOpenRefund, cancellationToken).ConfigureAwait(false);
                return PaymentScanner.Page(open.Select(r => new PaymentResult(r)).ToList(), static p => p.IdempotencyKey, limit, afterKey);
            case PaymentListKind.RecentFailovers:
                var failovers = await PaymentScanner.ScanAsync(store, Recent(FailoverWindow), WentToSeveralProviders, cancellationToken).ConfigureAwait(false);
                failovers.Reverse(); // newest first
                return PaymentScanner.Page(failovers.Select(r => new PaymentResult(r)).ToList(), static p => p.IdempotencyKey, limit, afterKey);
            default:
                return await actions.ListAsync(kind, limit, afterKey, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<PaymentAttention>> ListNeedingAttentionAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var attention = await AttentionAsync(cancellationToken).ConfigureAwait(false);
        return attention.Take(limit).ToList();
    }

    public async Task<OperationsOverview> GetOverviewAsync(CancellationToken cancellationToken)
    {
        var asOf = time.GetUtcNow();
        var counts = await store.CountByStatusAsync(cancellationToken).ConfigureAwait(false);
        var queued = await store.ListAsync(new PaymentQuery { Statuses = [PaymentStatus.Queued], Limit = 1000 }, cancellationToken).ConfigureAwait(false);
        var limit = PaymentOperations.OverviewListLimit;
        return new OperationsOverview
        {
            AsOf = asOf,
            CountsByStatus = counts,
            Queue = new QueueSummary
            {
                Depth = counts.GetValueOrDefault(PaymentStatus.Queued),
                OldestCreatedAt = queued.Count == 0 ? null : queued[0].CreatedAt,
                NextDue = queued.OrderBy(r => r.DueAt ?? DateTimeOffset.MaxValue).ThenBy(r => r.CreatedAt).Take(10).Select(r => new PaymentResult(r)).ToList(),
            },
            Providers = health(),
            NeedsAttention = await ListNeedingAttentionAsync(limit, cancellationToken).ConfigureAwait(false),
            RefundsOpen = await ListAsync(PaymentListKind.RefundsOpen, limit, null, cancellationToken).ConfigureAwait(false),
            DeadLettered = await ListAsync(PaymentListKind.DeadLettered, limit, null, cancellationToken).ConfigureAwait(false),
            RecentFailovers = await ListAsync(PaymentListKind.RecentFailovers, limit, null, cancellationToken).ConfigureAwait(false),
            UndeliveredEvents = await ListUndeliveredEventsAsync(limit, cancellationToken).ConfigureAwait(false),
        };
    }

    public async Task<IReadOnlyList<DeadLetteredEvent>> ListUndeliveredEventsAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        if (store is not IPaymentEventStore outbox)
        {
            return [];
        }

        var dead = await outbox.ListDeadLettersAsync(limit, cancellationToken).ConfigureAwait(false);
        return dead.Select(d => d with { LastError = ProviderText.Scrub(d.LastError) }).ToList();
    }

    public async Task<PaymentDetails?> GetDetailsAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        OperatorInput.Require(idempotencyKey, "key");
        var record = await store.GetAsync(idempotencyKey, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var payment = new PaymentResult(record);
        return new PaymentDetails
        {
            Payment = payment,
            MaskedInstruments = payment.MaskedInstruments,
            Attention = AttentionRules.Evaluate(record, time.GetUtcNow(), attentionAfter),
        };
    }

    /// <summary>Every attention entry, oldest condition first: every unresolved payment, and the recent payments of <see cref="PaymentOperations.ScanWindow"/>.</summary>
    private async Task<List<PaymentAttention>> AttentionAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStart = now - PaymentOperations.ScanWindow;
        var old = await PaymentScanner.ScanAsync(store, new PaymentQuery { Statuses = Unresolved, CreatedBefore = windowStart }, static _ => true, cancellationToken).ConfigureAwait(false);
        var recent = await PaymentScanner.ScanAsync(store, new PaymentQuery { CreatedFrom = windowStart }, static _ => true, cancellationToken).ConfigureAwait(false);
        var found = new List<PaymentAttention>();
        foreach (var record in old.Concat(recent))
        {
            found.AddRange(AttentionRules.Evaluate(record, now, attentionAfter));
        }

        return found.OrderBy(a => a.Since).ThenBy(a => a.Payment.IdempotencyKey, StringComparer.Ordinal).ToList();
    }

    private PaymentQuery Recent(TimeSpan window) => new() { CreatedFrom = time.GetUtcNow() - window };

    private static bool HasOpenRefund(PaymentRecord record) => record.Refunds.Any(r => !r.Status.IsFinal());

    private static bool WentToSeveralProviders(PaymentRecord record) =>
        record.Attempts.Select(a => a.Provider).Distinct(StringComparer.OrdinalIgnoreCase).Skip(1).Any();
}
