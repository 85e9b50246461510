using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Resilience.Payments.Internal;

namespace Resilience.Payments;

/// <summary>
/// The retry worker: claims queued payments that are due (with a lease, so several instances share the work),
/// routes each again, and queues it again with exponential backoff and jitter, or fails it after
/// <see cref="QueueOptions.MaxAttempts"/> rounds, or expires it. Runs as a hosted service; tests call <see cref="RunOnceAsync"/>.
/// </summary>
public sealed class PaymentQueueWorker : BackgroundService
{
    private readonly WorkerLoop _loop;

    /// <summary>Creates the worker.</summary>
    /// <param name="gateway">The gateway whose queue it drains.</param>
    /// <param name="options">The gateway's options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public PaymentQueueWorker(PaymentGateway gateway, IOptions<PaymentGatewayOptions> options, TimeProvider timeProvider, ILogger<PaymentQueueWorker> logger) =>
        _loop = WorkerLoop.Queue(gateway, options, timeProvider, logger);

    /// <summary>Runs one cycle: claims up to <see cref="QueueOptions.BatchSize"/> due payments and routes them.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many payments were claimed.</returns>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) => _loop.RunOnceAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);
}
