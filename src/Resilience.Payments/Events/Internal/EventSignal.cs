using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Events.Internal;

/// <summary>Wakes the event dispatcher when a write added events, so that delivery does not wait for the next poll.</summary>
internal sealed class EventSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes the dispatcher (many calls before it wakes count as one).</summary>
    public void Set() => Volatile.Read(ref _next).TrySetResult();

    /// <summary>
    /// Completes when woken (at once if woken since the last wait) or when <paramref name="cancellationToken"/> is cancelled. The
    /// signal is re-armed before this returns, so a write after it wakes the next wait and none is missed by the cycle that follows.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _next);
        try
        {
            await current.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (current.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
            }
        }
    }
}
