using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Resilience.Payments.Internal;

namespace Resilience.Payments;

/// <summary>
/// The reconciler: claims payments with no final answer (Pending, ActionRequired, and Processing payments whose
/// lease expired because their instance died), asks the provider about the unresolved attempt, and only on a
/// definite "not processed" frees the payment for failover. Runs as a hosted service; tests call <see cref="RunOnceAsync"/>.
/// </summary>
public sealed class PaymentReconciliationWorker : BackgroundService
{
    private readonly PaymentGateway _gateway;
    private readonly ReconciliationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _enabled;

    /// <summary>Creates the worker.</summary>
    /// <param name="gateway">The gateway whose payments it reconciles.</param>
    /// <param name="options">The gateway's options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public PaymentReconciliationWorker(PaymentGateway gateway, IOptions<PaymentGatewayOptions> options, TimeProvider timeProvider, ILogger<PaymentReconciliationWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _gateway = gateway;
        _options = options.Value.Reconciliation;
        _time = timeProvider;
        _logger = logger;
        _enabled = options.Value.EnableBackgroundWorkers;
    }

    /// <summary>Runs one cycle: claims up to <see cref="ReconciliationOptions.BatchSize"/> due payments and reconciles them.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many payments were claimed.</returns>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) => _gateway.RunReconciliationOnceAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        !_enabled ? Task.CompletedTask : WorkerLoop.RunAsync("reconciler", RunOnceAsync, _options.BatchSize, _options.PollInterval, _time, _logger, stoppingToken);
}
