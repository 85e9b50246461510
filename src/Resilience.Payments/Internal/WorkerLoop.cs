using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Internal;

/// <summary>The loop both workers share: run a cycle; when it claimed a full batch run again at once, else wait one poll interval.</summary>
internal static class WorkerLoop
{
    public static async Task RunAsync(
        string name,
        Func<CancellationToken, Task<int>> cycle,
        int batchSize,
        TimeSpan pollInterval,
        TimeProvider time,
        ILogger logger,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await cycle(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a worker must survive a failed cycle (a store briefly unreachable)
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.WorkerCycleFailed(logger, ex, name);
            }

            if (claimed >= batchSize)
            {
                continue;
            }

            try
            {
                await Task.Delay(pollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
