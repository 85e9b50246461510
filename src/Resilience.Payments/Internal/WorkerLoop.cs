using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Resilience.Payments.Gateway.Internal;

namespace Resilience.Payments.Internal;

/// <summary>
/// What both hosted workers are: a claim cycle of the gateway's <see cref="PaymentClaimer"/>, run in a loop. When a cycle
/// claimed a full batch the next runs at once, else after one poll interval; a failed cycle is logged and the loop goes on.
/// </summary>
internal sealed class WorkerLoop
{
    private readonly string _name;
    private readonly Func<CancellationToken, Task<int>> _cycle;
    private readonly int _batchSize;
    private readonly TimeSpan _pollInterval;
    private readonly bool _enabled;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkNudge? _nudge;

    private WorkerLoop(string name, Func<CancellationToken, Task<int>> cycle, int batchSize, TimeSpan pollInterval, bool enabled, TimeProvider time, ILogger logger, WorkNudge? nudge)
    {
        _nudge = nudge;
        _name = name;
        _cycle = cycle;
        _batchSize = batchSize;
        _pollInterval = pollInterval;
        _enabled = enabled;
        _time = time;
        _logger = logger;
    }

    /// <summary>The queue worker's loop: routes due queued payments again.</summary>
    public static WorkerLoop Queue(PaymentGateway gateway, IOptions<PaymentGatewayOptions> options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(options);
        var queue = options.Value.Queue;
        return new WorkerLoop("queue worker", gateway.Claimer.RunQueueOnceAsync, queue.BatchSize, queue.PollInterval, options.Value.EnableBackgroundWorkers, time, logger, gateway.QueueNudge);
    }

    /// <summary>The reconciler's loop: asks the providers about due unresolved payments.</summary>
    public static WorkerLoop Reconciliation(PaymentGateway gateway, IOptions<PaymentGatewayOptions> options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(options);
        var reconciliation = options.Value.Reconciliation;
        return new WorkerLoop("reconciler", gateway.Claimer.RunReconciliationOnceAsync, reconciliation.BatchSize, reconciliation.PollInterval, options.Value.EnableBackgroundWorkers, time, logger, gateway.ReconciliationNudge);
    }

    /// <summary>Runs one cycle.</summary>
    /// <returns>How many payments were claimed.</returns>
    public Task<int> RunOnceAsync(CancellationToken cancellationToken) => _cycle(cancellationToken);

    /// <summary>Runs cycles until <paramref name="stoppingToken"/> is cancelled; nothing when background workers are disabled.</summary>
    public Task RunAsync(CancellationToken stoppingToken) => _enabled ? LoopAsync(stoppingToken) : Task.CompletedTask;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            var nudged = _nudge?.Next; // read before the cycle: a nudge during it runs the next cycle at once
            try
            {
                claimed = await _cycle(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a worker must survive a failed cycle (a store briefly unreachable)
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.WorkerCycleFailed(_logger, ex, _name);
            }

            if (claimed >= _batchSize)
            {
                continue;
            }

            try
            {
                await WaitAsync(nudged, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits one poll interval, or until <paramref name="nudged"/> completes (an operator made work due now).</summary>
    private async Task WaitAsync(Task? nudged, CancellationToken stoppingToken)
    {
        if (nudged is null)
        {
            await Task.Delay(_pollInterval, _time, stoppingToken).ConfigureAwait(false);
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(_pollInterval, _time, wake.Token);
        if (await Task.WhenAny(delay, nudged).ConfigureAwait(false) == delay)
        {
            await delay.ConfigureAwait(false); // throws when stopping
        }
        else
        {
            await wake.CancelAsync().ConfigureAwait(false); // stop the interval's timer
        }
    }
}
