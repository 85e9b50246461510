using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Internal;

/// <summary>
/// Wakes a worker loop before its poll interval ends: an operator action that made work due now (a requeue, "reconcile now", a queued
/// refund) nudges the in-process worker, so that it runs its next cycle at once instead of after the interval.
/// </summary>
internal sealed class WorkNudge
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes at the next <see cref="Nudge"/>; read it before a cycle, wait on it after.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes whoever waits on <see cref="Next"/>.</summary>
    public void Nudge() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
