using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Events.Internal;
using Resilience.Payments.Gateway.Internal;
using Resilience.Payments.Internal;

namespace Resilience.Payments;

/// <summary>
/// The gateway: validates, claims the idempotency key, routes over (provider, instrument) candidates through
/// each provider's pipeline, and records every step in the <see cref="IPaymentStore"/> before acting on it.
/// Register with <c>services.AddPaymentGateway(...)</c>; the constructor is for use without dependency injection.
/// </summary>
/// <remarks>A facade: coalescing, routing, the attempt lifecycle, reconciliation, claiming and operator actions are internal collaborators.</remarks>
public sealed class PaymentGateway : IPaymentGateway, IPaymentOperations, IDisposable
{
    private readonly ProviderRegistry _providers;
    private readonly IPaymentStore _store;
    private readonly PaymentGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly PaymentsTelemetry _telemetry;
    private readonly PaymentCoalescer _coalescer;
    private readonly ProviderUpdateApplier _updates;
    private readonly RefundCoordinator _refunds;
    private readonly RefundUpdateApplier _refundUpdates;

    /// <summary>Creates a gateway.</summary>
    /// <param name="providers">The providers; at least one.</param>
    /// <param name="store">The payment store.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <param name="eventObservers">Event observers; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Metrics; a private meter when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">No provider, duplicate names, or a failover order naming an unknown provider.</exception>
    public PaymentGateway(
        IEnumerable<IPaymentProvider> providers,
        IPaymentStore store,
        IOptions<PaymentGatewayOptions> options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IEnumerable<IPaymentEventObserver>? eventObservers = null,
        IMeterFactory? meterFactory = null)
        : this(providers, store, options, timeProvider, loggerFactory, eventObservers, meterFactory, random: null)
    {
    }

    internal PaymentGateway(
        IEnumerable<IPaymentProvider> providers,
        IPaymentStore store,
        IOptions<PaymentGatewayOptions> options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IEnumerable<IPaymentEventObserver>? eventObservers,
        IMeterFactory? meterFactory,
        Random? random)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _options = new PaymentGatewayOptionsValidator().ThrowIfInvalid(options.Value);

        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Resilience.Payments.PaymentGateway");
        var observers = (eventObservers ?? []).ToArray();
        var events = new EventDispatcher(observers, logger, durable: store is IPaymentEventStore);
        _providers = new ProviderRegistry(providers, _options, _time, logger, (provider, state) =>
        {
            Log.CircuitChanged(logger, provider, state);
            return events.PublishAsync(new ProviderCircuitChangedEvent { OccurredAt = _time.GetUtcNow(), Provider = provider, State = state });
        });
        _telemetry = new PaymentsTelemetry(meterFactory, _providers.Health);

        var instance = _options.InstanceName ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");
        var owners = new LeaseOwners(instance);
        var jitter = new LockedRandom(random);
        Outbox = store is IPaymentEventStore outbox ? new OutboxDispatcher(outbox, observers, owners.Next(), _options.Events, _time, logger) : null;
        var writer = new PaymentWriter(store, _time, logger, _telemetry, events, new PossibleDuplicates(store, _options, _time, logger, _telemetry, events), _options.Reconciliation.FirstCheckDelay, Outbox is null ? null : Outbox.Signal.Set);
        var refundWriter = new RefundWriter(writer, _time, logger, _telemetry, events);
        var refundSender = new RefundSender(_providers, refundWriter, _options, _time);
        var attempts = new AttemptLifecycle(writer, _options, _time, logger, _telemetry, events, new ExtraChargeReversals(_providers, refundWriter, _options, logger));
        var guard = new ReferenceGuard(store, _time);
        var router = new PaymentRouter(_providers, attempts, writer, owners, jitter, _options, _time, logger, _telemetry);
        var reconciler = new PaymentReconciler(_providers, router, guard, attempts, writer, jitter, _options, _time, logger, events);
        _coalescer = new PaymentCoalescer(router.PayAsync, _telemetry);
        _updates = new ProviderUpdateApplier(_providers, guard, attempts, logger);
        Operations = new PaymentOperations(store, _options, _time, writer, refundWriter, _providers, QueueNudge, ReconciliationNudge);
        _refunds = new RefundCoordinator(store, _providers, writer, refundWriter, refundSender, _time);
        _refundUpdates = new RefundUpdateApplier(store, refundWriter, _options, _time);
        var refundReconciler = new RefundReconciler(_providers, writer, refundWriter, refundSender, attempts, guard, jitter, _options, _time, logger, events);
        Claimer = new PaymentClaimer(store, router, reconciler, owners, _options, _time, _telemetry, refundReconciler);
    }

    /// <summary>Gets the event dispatcher of the store's outbox, or <see langword="null"/> when the store keeps none.</summary>
    internal OutboxDispatcher? Outbox { get; }

    /// <summary>Gets what the hosted workers call: one claim cycle of the queue or of the reconciler.</summary>
    internal PaymentClaimer Claimer { get; }

    /// <summary>Gets the operator's views and actions over this gateway (registered in DI as <see cref="PaymentOperations"/>).</summary>
    internal PaymentOperations Operations { get; }

    /// <summary>Gets the queue worker's wake-up: an operator's requeue runs its next cycle at once.</summary>
    internal WorkNudge QueueNudge { get; } = new();

    /// <summary>Gets the reconciler's wake-up: "reconcile now" and an operator's refund run its next cycle at once.</summary>
    internal WorkNudge ReconciliationNudge { get; } = new();

    /// <inheritdoc />
    public Task<PaymentResult> PayAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        Task<PaymentResult> run;
        try
        {
            RequestValidator.ThrowIfInvalid(request, request?.ExpiresAt is null ? default : _time.GetUtcNow()); // the clock only for an expiry
            AmountLimits.ThrowIfAboveLimits(request, _options, _providers);
            run = _coalescer.Join(request);
        }
#pragma warning disable CA1031 // handed to the caller in the task, as an async method would
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<PaymentResult>(ex);
        }

        // A caller who stops waiting neither cancels the payment nor the other callers' wait.
        return cancellationToken.CanBeCanceled ? run.WaitAsync(cancellationToken) : run;
    }

    /// <inheritdoc />
    public async Task<PaymentResult?> GetAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var record = await _store.GetAsync(idempotencyKey, cancellationToken).ConfigureAwait(false);
        return record is null ? null : new PaymentResult(record);
    }

    /// <inheritdoc />
    public Task<ProviderUpdateResult> ApplyProviderUpdateAsync(ProviderUpdate update, CancellationToken cancellationToken = default) =>
        _updates.ApplyAsync(update, cancellationToken);

    /// <inheritdoc />
    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        Task<RefundResult> run;
        try
        {
            run = _refunds.RefundAsync(request, cancellationToken);
        }
#pragma warning disable CA1031 // handed to the caller in the task, as an async method would
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<RefundResult>(ex);
        }

        // A caller who stops waiting does not abandon a refund that may have been sent: it goes on, and is reconciled.
        return cancellationToken.CanBeCanceled ? run.WaitAsync(cancellationToken) : run;
    }

    /// <inheritdoc />
    public Task<RefundResult?> GetRefundAsync(string refundKey, CancellationToken cancellationToken = default) =>
        _refunds.GetRefundAsync(refundKey, cancellationToken);

    /// <inheritdoc />
    public Task<RefundUpdateResult> ApplyRefundUpdateAsync(RefundUpdate update, CancellationToken cancellationToken = default) =>
        _refundUpdates.ApplyAsync(update, cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<ProviderHealth> GetProviderHealth() => _providers.Health();

    /// <inheritdoc />
    public Task<IReadOnlyList<PaymentResult>> ListAsync(PaymentListKind kind, int limit = 100, string? afterKey = null, CancellationToken cancellationToken = default) =>
        Operations.ListAsync(kind, limit, afterKey, cancellationToken);

    /// <inheritdoc />
    public Task<PaymentResult?> RequeueAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        Operations.RequeueAsync(idempotencyKey, PaymentOperations.ApiActor, cancellationToken);

    /// <inheritdoc />
    public Task<PaymentResult?> CancelAsync(string idempotencyKey, string reason, CancellationToken cancellationToken = default) =>
        Operations.CancelAsync(idempotencyKey, reason, PaymentOperations.ApiActor, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _telemetry.Dispose();
        Outbox?.Dispose();
    }
}
