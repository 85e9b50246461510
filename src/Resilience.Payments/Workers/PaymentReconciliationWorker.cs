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
    private readonly WorkerLoop _loop;

    /// <summary>Creates the worker.</summary>
    /// <param name="gateway">The gateway whose payments it reconciles.</param>
    /// <param name="options">The gateway's options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public PaymentReconciliationWorker(PaymentGateway gateway, IOptions<PaymentGatewayOptions> options, TimeProvider timeProvider, ILogger<PaymentReconciliationWorker> logger) =>
        _loop = WorkerLoop.Reconciliation(gateway, options, timeProvider, logger);

    /// <summary>Runs one cycle: claims up to <see cref="ReconciliationOptions.BatchSize"/> due payments and reconciles them.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many payments were claimed.</returns>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) => _loop.RunOnceAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);
}
