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
    private readonly PaymentGateway _gateway;
    private readonly QueueOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _enabled;

    /// <summary>Creates the worker.</summary>
    /// <param name="gateway">The gateway whose queue it drains.</param>
    /// <param name="options">The gateway's options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public PaymentQueueWorker(PaymentGateway gateway, IOptions<PaymentGatewayOptions> options, TimeProvider timeProvider, ILogger<PaymentQueueWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _gateway = gateway;
        _options = options.Value.Queue;
        _time = timeProvider;
        _logger = logger;
        _enabled = options.Value.EnableBackgroundWorkers;
    }

    /// <summary>Runs one cycle: claims up to <see cref="QueueOptions.BatchSize"/> due payments and routes them.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many payments were claimed.</returns>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken = default) => _gateway.RunQueueOnceAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        !_enabled ? Task.CompletedTask : WorkerLoop.RunAsync("queue worker", RunOnceAsync, _options.BatchSize, _options.PollInterval, _time, _logger, stoppingToken);
}
