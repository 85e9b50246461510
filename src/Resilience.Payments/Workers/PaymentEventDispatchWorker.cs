using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Resilience.Payments.Internal;

namespace Resilience.Payments;

/// <summary>
/// The event dispatcher: delivers the store's outbox (<see cref="IPaymentEventStore"/>) to every <see cref="IPaymentEventObserver"/>
/// at least once, in order per payment, with retries, dead letters and retention (<see cref="PaymentGatewayOptions.Events"/>).
/// It wakes as soon as the gateway writes an event, and polls for events written by other instances. With several instances on
/// one PostgreSQL database each observer is served by one instance at a time (a lease). Runs as a hosted service; tests call
/// <see cref="RunOnceAsync"/>. Does nothing when the store keeps no outbox.
/// </summary>
public sealed class PaymentEventDispatchWorker : BackgroundService
{
    private readonly PaymentGateway _gateway;
    private readonly PaymentEventDeliveryOptions _options;
    private readonly bool _enabled;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the worker.</summary>
    /// <param name="gateway">The gateway whose store's events it delivers.</param>
    /// <param name="options">The gateway's options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public PaymentEventDispatchWorker(PaymentGateway gateway, IOptions<PaymentGatewayOptions> options, TimeProvider timeProvider, ILogger<PaymentEventDispatchWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(options);
        _gateway = gateway;
        _options = options.Value.Events;
        _enabled = options.Value.EnableBackgroundWorkers;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Delivers one batch of events to each observer (and deletes delivered events past their retention when due).</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many events were handled or dead-lettered.</returns>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) =>
        _gateway.Outbox is { } outbox ? outbox.RunOnceAsync(cancellationToken) : Task.FromResult(0);

    /// <summary>Stops delivering, then lets this instance's leases go, so that another instance (or this one restarted) goes on at once.</summary>
    /// <param name="cancellationToken">Ends the wait for a clean stop.</param>
    /// <returns>A task that completes when stopped.</returns>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_gateway.Outbox is { } outbox)
        {
            try
            {
                await outbox.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a lease left behind only delays delivery until it expires
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.WorkerCycleFailed(_logger, ex, "event dispatcher (releasing its leases)");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled || _gateway.Outbox is not { } outbox)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var moved = 0;
            try
            {
                moved = await outbox.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the dispatcher must survive a failed cycle (a store briefly unreachable)
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.WorkerCycleFailed(_logger, ex, "event dispatcher");
            }

            if (moved >= _options.BatchSize)
            {
                continue;
            }

            try
            {
                using var interval = new CancellationTokenSource(_options.PollInterval, _time);
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, interval.Token);
                await outbox.Signal.WaitAsync(poll.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // the poll interval passed
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
