using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>
/// Claiming for the workers: one cycle claims due payments with a lease (so several instances share the work) and hands each
/// to routing (the queue) or to reconciliation (unresolved payments). Refreshes the queue-depth gauge at most every 10 s.
/// </summary>
internal sealed class PaymentClaimer
{
    private static readonly PaymentStatus[] Queued = [PaymentStatus.Queued];
    private static readonly PaymentStatus[] Unresolved = [PaymentStatus.Pending, PaymentStatus.ActionRequired, PaymentStatus.Processing];
    private static readonly PaymentStatus[] WithOpenRefunds = [PaymentStatus.Succeeded]; // a succeeded payment is due only while a refund of it is open

    private readonly IPaymentStore _store;
    private readonly LeaseOwners _owners;
    private readonly PaymentGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly PaymentsTelemetry _telemetry;
    private readonly Func<PaymentRecord, string, CancellationToken, ValueTask<PaymentRecord>> _route;
    private readonly Func<PaymentRecord, string, CancellationToken, ValueTask<PaymentRecord>> _reconcile;
    private readonly Func<PaymentRecord, string, CancellationToken, ValueTask<PaymentRecord>>? _reconcileRefunds;
    private long _lastCountTicks = long.MinValue / 2;

    public PaymentClaimer(
        IPaymentStore store,
        PaymentRouter router,
        PaymentReconciler reconciler,
        LeaseOwners owners,
        PaymentGatewayOptions options,
        TimeProvider time,
        PaymentsTelemetry telemetry,
        RefundReconciler? refunds = null)
    {
        _store = store;
        _owners = owners;
        _options = options;
        _time = time;
        _telemetry = telemetry;
        _route = (record, owner, ct) => router.RouteAsync(record, owner, excluded: null, ct);
        _reconcile = reconciler.ReconcileAsync;
        _reconcileRefunds = refunds is null ? null : refunds.ReconcileAsync;
    }

    /// <summary>One cycle of the queue worker: claims due queued payments and routes each again.</summary>
    /// <returns>How many payments were claimed.</returns>
    public Task<int> RunQueueOnceAsync(CancellationToken cancellationToken) =>
        RunClaimedAsync(Queued, _options.Queue.BatchSize, _route, cancellationToken);

    /// <summary>
    /// One cycle of the reconciler: claims due unresolved payments and asks their providers, then claims the succeeded payments with
    /// a refund due (a queued reversal to send, a refund to ask about) and reconciles their refunds.
    /// </summary>
    /// <returns>How many payments were claimed.</returns>
    public async Task<int> RunReconciliationOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await RunClaimedAsync(Unresolved, _options.Reconciliation.BatchSize, _reconcile, cancellationToken).ConfigureAwait(false);
        if (_reconcileRefunds is not null)
        {
            claimed += await RunClaimedAsync(WithOpenRefunds, _options.Reconciliation.BatchSize, _reconcileRefunds, cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }

    private async Task<int> RunClaimedAsync(
        PaymentStatus[] statuses,
        int batchSize,
        Func<PaymentRecord, string, CancellationToken, ValueTask<PaymentRecord>> process,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var owner = _owners.Next();
        var claimed = await _store.ClaimDueAsync(
            new PaymentClaim
            {
                Statuses = statuses,
                Now = now,
                Owner = owner,
                LeaseExpiresAt = now + _options.LeaseDuration,
                MaxCount = batchSize,
            },
            cancellationToken).ConfigureAwait(false);
        if (claimed.Count > 0)
        {
            await Task.WhenAll(claimed.Select(record => process(record, owner, cancellationToken).AsTask())).ConfigureAwait(false);
        }

        // The queue-depth gauge is refreshed at most every 10 s: a count is a scan on a shared database.
        var lastCount = Interlocked.Read(ref _lastCountTicks);
        if (now.UtcTicks - lastCount >= TimeSpan.TicksPerSecond * 10 && Interlocked.CompareExchange(ref _lastCountTicks, now.UtcTicks, lastCount) == lastCount)
        {
            _telemetry.SetCounts(await _store.CountByStatusAsync(cancellationToken).ConfigureAwait(false));
        }

        return claimed.Count;
    }
}
