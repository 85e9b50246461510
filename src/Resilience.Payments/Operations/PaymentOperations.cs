using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Resilience.Payments.Gateway.Internal;
using Resilience.Payments.Internal;
using Resilience.Payments.Operations.Internal;

namespace Resilience.Payments;

/// <summary>
/// The operations console's and the command-line tool's one implementation: views of the payments (overview, lists, search, one
/// payment) and the operator's actions (requeue, cancel, reconcile now, mark reviewed, refund), each written to the payment's audit
/// trail (<see cref="PaymentRecord.OperatorNotes"/>) in the same compare-and-swap write as the change.
/// </summary>
/// <remarks>
/// <para>
/// Two ways to get one, which change the store identically for the same action: <c>AddPaymentGateway</c> registers one wired to the
/// running gateway (live provider health; an action that makes work due wakes the in-process workers); the public constructor makes
/// one over a store alone (no providers: the workers of whichever process runs the gateway do the work at their next cycle).
/// </para>
/// <para>
/// Bad input (an empty actor, reason or note, an invalid amount) throws <see cref="PaymentValidationException"/> naming the field; an
/// action the payment's state does not allow throws <see cref="InvalidOperationException"/> (for a refund <see cref="RefundRefusedException"/>);
/// an unknown key returns <see langword="null"/>. None of them changes anything.
/// </para>
/// </remarks>
public sealed class PaymentOperations : IPaymentOperations, IDisposable
{
    /// <summary>The most entries of each list in <see cref="OperationsOverview"/>: 20.</summary>
    public const int OverviewListLimit = 20;

    /// <summary>
    /// How far back the views that cannot be answered by a store index look (amount mismatches, extra charges, open refunds, recent
    /// failovers, search by phone digits): payments created in the last 7 days (recent failovers: the last 24 hours). Unresolved payments are found whatever their age.
    /// </summary>
    public static readonly TimeSpan ScanWindow = TimeSpan.FromDays(7);

    private readonly OperatorActions _actions;
    private readonly OperatorRefunds _refunds;
    private readonly OperationsViews _views;
    private readonly PaymentSearch _search;
    private readonly IPaymentStore _store;
    private readonly Func<IReadOnlyList<ProviderHealth>> _health;
    private readonly TimeProvider _time;
    private readonly PaymentsTelemetry? _owned;

    /// <summary>The actor recorded for an action taken through <see cref="IPaymentOperations"/>, which names none: <c>api</c>.</summary>
    public const string ApiActor = "api";

    /// <summary>Creates the operations over a store alone (the command-line tool): no provider health, no workers to wake.</summary>
    /// <param name="store">The payment store.</param>
    /// <param name="options">The gateway's options (for <see cref="ReconciliationOptions.AttentionAfter"/> and the first check delay); the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    public PaymentOperations(IPaymentStore store, PaymentGatewayOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new PaymentGatewayOptions();
        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Resilience.Payments.PaymentOperations");
        var telemetry = new PaymentsTelemetry(null, static () => []);
        var events = new EventDispatcher([], logger, durable: store is IPaymentEventStore); // the same outbox events as the gateway's writes
        var writer = new PaymentWriter(store, time, logger, telemetry, events, duplicates: null, options.Reconciliation.FirstCheckDelay);
        _owned = telemetry;
        (_actions, _refunds, _views, _search, _store, _health, _time) = Wire(
            store, options, time, writer, new RefundWriter(writer, time, logger, telemetry, events), providers: null, queueNudge: null, reconciliationNudge: null);
    }

    /// <summary>Creates the operations of a running gateway: its writer (the same writes as the gateway's own), its providers' health and its workers' nudges.</summary>
    internal PaymentOperations(
        IPaymentStore store,
        PaymentGatewayOptions options,
        TimeProvider time,
        PaymentWriter writer,
        RefundWriter refundWriter,
        ProviderRegistry providers,
        WorkNudge queueNudge,
        WorkNudge reconciliationNudge)
    {
        HasGateway = true;
        (_actions, _refunds, _views, _search, _store, _health, _time) = Wire(store, options, time, writer, refundWriter, providers, queueNudge, reconciliationNudge);
    }

    /// <summary>Gets a value indicating whether a gateway runs in this process (provider health is live, workers are woken).</summary>
    public bool HasGateway { get; }

    /// <summary>Returns the overview: counts, the queue, provider health, and the first entries of every list.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The overview.</returns>
    public Task<OperationsOverview> GetOverviewAsync(CancellationToken cancellationToken = default) => _views.GetOverviewAsync(cancellationToken);

    /// <summary>
    /// Lists the events that could not be delivered to an observer after its last attempt (the outbox's dead letters), newest first; empty
    /// when the store keeps no outbox (<see cref="IPaymentEventStore"/>). Error messages are scrubbed of long numbers.
    /// </summary>
    /// <param name="limit">The most to return (1 to 1,000).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The undelivered events.</returns>
    public Task<IReadOnlyList<DeadLetteredEvent>> ListUndeliveredEventsAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        _views.ListUndeliveredEventsAsync(limit, cancellationToken);

    /// <summary>Returns each provider's health in failover order; empty over a store alone.</summary>
    /// <returns>The providers' health.</returns>
    public IReadOnlyList<ProviderHealth> GetProviderHealth() => _health();

    /// <inheritdoc />
    /// <remarks>
    /// Oldest first, except <see cref="PaymentListKind.RecentFailovers"/> (newest first). <see cref="PaymentListKind.NeedsAttention"/>,
    /// <see cref="PaymentListKind.RefundsOpen"/> and <see cref="PaymentListKind.RecentFailovers"/> look at the payments of the last
    /// <see cref="ScanWindow"/> (and every unresolved one).
    /// </remarks>
    public Task<IReadOnlyList<PaymentResult>> ListAsync(PaymentListKind kind, int limit = 100, string? afterKey = null, CancellationToken cancellationToken = default) =>
        _views.ListAsync(kind, limit, afterKey, cancellationToken);

    /// <summary>Lists the payments needing attention with the reasons, one entry per reason, oldest condition first.</summary>
    /// <param name="limit">The most entries to return (1 to 1,000).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The entries.</returns>
    public Task<IReadOnlyList<PaymentAttention>> ListNeedingAttentionAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        _views.ListNeedingAttentionAsync(limit, cancellationToken);

    /// <summary>
    /// Finds payments by their key (exactly), their account reference (exactly), or the payer's phone number: its last digits (at
    /// least four), a whole number in any Kenyan form, or the masked form shown by the views (<c>2547****5678</c>). Results never show
    /// full phone numbers.
    /// </summary>
    /// <param name="text">What to look for.</param>
    /// <param name="limit">The most payments to return (1 to 1,000).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payments, key match first, then account reference, then phone matches (newest first).</returns>
    /// <exception cref="PaymentValidationException">The text is empty.</exception>
    public Task<IReadOnlyList<PaymentResult>> SearchAsync(string text, int limit = 50, CancellationToken cancellationToken = default) =>
        _search.SearchAsync(text, limit, cancellationToken);

    /// <summary>Returns one payment with its attempts, refunds, audit trail and attention reasons.</summary>
    /// <param name="idempotencyKey">The payment's key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payment, or <see langword="null"/> when no payment has the key.</returns>
    public Task<PaymentDetails?> GetDetailsAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        _views.GetDetailsAsync(idempotencyKey, cancellationToken);

    /// <inheritdoc />
    Task<PaymentResult?> IPaymentOperations.RequeueAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        RequeueAsync(idempotencyKey, ApiActor, cancellationToken);

    /// <summary>
    /// Puts a failed payment back in the queue, due now, with its retry count reset (the rules of <see cref="IPaymentOperations.RequeueAsync"/>),
    /// and writes it to the audit trail.
    /// </summary>
    /// <param name="idempotencyKey">The payment's key.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payment after the change, or <see langword="null"/> when no payment has the key.</returns>
    /// <exception cref="PaymentValidationException">The actor is empty.</exception>
    /// <exception cref="InvalidOperationException">The payment may not be requeued; nothing changed.</exception>
    public Task<PaymentResult?> RequeueAsync(string idempotencyKey, string actor, CancellationToken cancellationToken = default) =>
        _actions.RequeueAsync(idempotencyKey, actor, cancellationToken);

    /// <inheritdoc />
    Task<PaymentResult?> IPaymentOperations.CancelAsync(string idempotencyKey, string reason, CancellationToken cancellationToken) =>
        CancelAsync(idempotencyKey, reason, ApiActor, cancellationToken);

    /// <summary>Cancels a queued payment (the rules of <see cref="IPaymentOperations.CancelAsync"/>) and writes it to the audit trail.</summary>
    /// <param name="idempotencyKey">The payment's key.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payment after the change, or <see langword="null"/> when no payment has the key.</returns>
    /// <exception cref="PaymentValidationException">The reason or the actor is empty.</exception>
    /// <exception cref="InvalidOperationException">The payment is not queued, or a worker holds it; nothing changed.</exception>
    public Task<PaymentResult?> CancelAsync(string idempotencyKey, string reason, string actor, CancellationToken cancellationToken = default) =>
        _actions.CancelAsync(idempotencyKey, reason, actor, cancellationToken);

    /// <summary>
    /// Makes the payment due now so that the reconciler asks the provider at its next cycle (woken at once when a gateway runs in this
    /// process): an unresolved payment (Pending, ActionRequired, or Processing whose lease expired), or a succeeded one with open refunds
    /// or open attempts. Nothing is sent from here.
    /// </summary>
    /// <param name="idempotencyKey">The payment's key.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payment after the change, or <see langword="null"/> when no payment has the key.</returns>
    /// <exception cref="PaymentValidationException">The actor is empty.</exception>
    /// <exception cref="InvalidOperationException">There is nothing to ask the provider about, or a worker holds the payment; nothing changed.</exception>
    public Task<PaymentResult?> ReconcileNowAsync(string idempotencyKey, string actor, CancellationToken cancellationToken = default) =>
        _actions.ReconcileNowAsync(idempotencyKey, actor, cancellationToken);

    /// <summary>
    /// Marks the payment reviewed with a note: the conditions that needed attention until now leave <see cref="PaymentListKind.NeedsAttention"/>
    /// (a condition arising later brings it back).
    /// </summary>
    /// <param name="idempotencyKey">The payment's key.</param>
    /// <param name="note">What was found or done.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The payment after the change, or <see langword="null"/> when no payment has the key.</returns>
    /// <exception cref="PaymentValidationException">The note or the actor is empty.</exception>
    public Task<PaymentResult?> MarkReviewedAsync(string idempotencyKey, string note, string actor, CancellationToken cancellationToken = default) =>
        _actions.MarkReviewedAsync(idempotencyKey, note, actor, cancellationToken);

    /// <summary>
    /// Queues a refund of a succeeded payment's charge: it is recorded as <see cref="RefundStatus.Queued"/>, due now, by the same
    /// compare-and-swap reservation as <see cref="IPaymentGateway.RefundAsync"/> (never more than what is left of the charge), and the
    /// reconciler sends it once at its next cycle (woken at once when a gateway runs in this process).
    /// </summary>
    /// <param name="idempotencyKey">The payment's key.</param>
    /// <param name="amount">How much; all that is left of the charge when <see langword="null"/>.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="refundKey">The refund's key, to retry safely; a new one (<c>op-</c> and a random id) when <see langword="null"/>. A key already used for the very same refund returns that refund.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The refund, or <see langword="null"/> when no payment has the key.</returns>
    /// <exception cref="PaymentValidationException">The reason or the actor is empty, or the amount is not positive or in another currency.</exception>
    /// <exception cref="RefundRefusedException">The payment captured nothing, the amount exceeds what is left, or the provider cannot refund; nothing changed.</exception>
    /// <exception cref="IdempotencyConflictException">The refund key is already used by a different refund.</exception>
    public Task<RefundResult?> RefundAsync(string idempotencyKey, Money? amount, string reason, string actor, string? refundKey = null, CancellationToken cancellationToken = default) =>
        _refunds.RefundAsync(idempotencyKey, amount, reason, actor, refundKey, cancellationToken);

    /// <summary>Returns the settlement report of the payments created on one local day (see <see cref="SettlementReport"/>).</summary>
    /// <param name="date">The local day.</param>
    /// <param name="utcOffset">The local time's offset from UTC, between -14:00 and +14:00 (Kenya: +03:00).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    /// <exception cref="PaymentValidationException">The offset is out of range.</exception>
    public async Task<SettlementReport> GetSettlementReportAsync(DateOnly date, TimeSpan utcOffset, CancellationToken cancellationToken = default)
    {
        if (utcOffset < TimeSpan.FromHours(-14) || utcOffset > TimeSpan.FromHours(14) || utcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw PaymentValidationException.For(nameof(utcOffset), "The UTC offset must be whole minutes between -14:00 and +14:00 (Kenya: +03:00).");
        }

        var from = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), utcOffset);
        var before = from.AddDays(1);
        var payments = await PaymentScanner.ScanAsync(_store, new PaymentQuery { CreatedFrom = from, CreatedBefore = before }, static _ => true, cancellationToken).ConfigureAwait(false);
        return new SettlementReport
        {
            Date = date,
            UtcOffset = utcOffset,
            From = from,
            Before = before,
            GeneratedAt = _time.GetUtcNow(),
            Lines = SettlementCalculator.Lines(payments),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _owned?.Dispose();

    private static (OperatorActions, OperatorRefunds, OperationsViews, PaymentSearch, IPaymentStore, Func<IReadOnlyList<ProviderHealth>>, TimeProvider) Wire(
        IPaymentStore store,
        PaymentGatewayOptions options,
        TimeProvider time,
        PaymentWriter writer,
        RefundWriter refundWriter,
        ProviderRegistry? providers,
        WorkNudge? queueNudge,
        WorkNudge? reconciliationNudge)
    {
        var actions = new OperatorActions(store, writer, time, queueNudge, reconciliationNudge);
        Func<IReadOnlyList<ProviderHealth>> health = providers is null ? static () => [] : providers.Health;
        return (
            actions,
            new OperatorRefunds(store, writer, refundWriter, providers, time, reconciliationNudge),
            new OperationsViews(store, actions, health, options.Reconciliation.AttentionAfter, time),
            new PaymentSearch(store, time),
            store,
            health,
            time);
    }
}
