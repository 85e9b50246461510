using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Callbacks;

/// <summary>
/// Coalesces the status queries that confirm unsigned callbacks, per provider transaction, so that a replay storm (the same callback
/// posted 50 times) cannot spend the merchant's query quota: concurrent confirmations of one transaction share one query (single
/// flight), and the last answers are kept a short while on the adapter's clock, a final answer for <see cref="FinalLifetime"/>, any
/// other for <see cref="NonFinalLifetime"/>. At most <see cref="Capacity"/> answers are kept; the oldest go first. For adapter
/// authors: the Daraja, Airtel Money and Pesapal callback confirmations use it.
/// </summary>
/// <typeparam name="TAnswer">The provider's answer, as the adapter reads it.</typeparam>
public sealed class ConfirmationCoalescer<TAnswer>
{
    /// <summary>How long a final answer is reused: 10 minutes (a provider does not change a final result).</summary>
    public static readonly TimeSpan FinalLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a non-final answer (pending, unknown) is reused: 5 seconds, so that a payer who acts is seen promptly.</summary>
    public static readonly TimeSpan NonFinalLifetime = TimeSpan.FromSeconds(5);

    /// <summary>The most answers kept: 4,096.</summary>
    public const int Capacity = 4096;

    private readonly object _gate = new();
    private readonly Dictionary<string, Task<TAnswer>> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TAnswer Outcome, DateTimeOffset Expires, long Stamp)> _recent = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, long Stamp)> _order = new();
    private readonly TimeProvider _time;
    private readonly Func<TAnswer, bool> _isFinal;
    private long _stamp;

    /// <summary>Creates a coalescer.</summary>
    /// <param name="time">The adapter's clock.</param>
    /// <param name="isFinal">Whether an answer is final (kept <see cref="FinalLifetime"/>) or not (kept <see cref="NonFinalLifetime"/>).</param>
    public ConfirmationCoalescer(TimeProvider time, Func<TAnswer, bool> isFinal)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(isFinal);
        _time = time;
        _isFinal = isFinal;
    }

    /// <summary>
    /// Returns the recent answer for <paramref name="transaction"/>, joins the query in flight for it, or runs
    /// <paramref name="query"/> (without the caller's cancellation: other callers may be waiting on it; the HTTP timeout bounds it).
    /// </summary>
    /// <param name="transaction">The provider's transaction the callback names.</param>
    /// <param name="query">Asks the provider.</param>
    /// <param name="cancellationToken">Stops this caller's wait (not the shared query).</param>
    /// <returns>The answer.</returns>
    public Task<TAnswer> GetAsync(string transaction, Func<Task<TAnswer>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(query);
        Task<TAnswer> task;
        lock (_gate)
        {
            if (_recent.TryGetValue(transaction, out var recent))
            {
                if (recent.Expires > _time.GetUtcNow())
                {
                    return Task.FromResult(recent.Outcome);
                }

                _recent.Remove(transaction);
            }

            if (!_inFlight.TryGetValue(transaction, out task!))
            {
                task = RunAsync(transaction, query);
                if (!task.IsCompleted)
                {
                    _inFlight[transaction] = task;
                }
            }
        }

        return cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;
    }

    private async Task<TAnswer> RunAsync(string transaction, Func<Task<TAnswer>> query)
    {
        TAnswer outcome;
        try
        {
            outcome = await query().ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _inFlight.Remove(transaction);
            }

            throw;
        }

        var final = _isFinal(outcome);
        lock (_gate)
        {
            _inFlight.Remove(transaction);
            var stamp = ++_stamp;
            _recent[transaction] = (outcome, _time.GetUtcNow() + (final ? FinalLifetime : NonFinalLifetime), stamp);
            _order.Enqueue((transaction, stamp));
            while ((_recent.Count > Capacity || _order.Count > 2 * Capacity) && _order.TryDequeue(out var oldest))
            {
                if (_recent.TryGetValue(oldest.Id, out var kept) && kept.Stamp == oldest.Stamp)
                {
                    _recent.Remove(oldest.Id); // the oldest answer still kept; a stale queue entry is merely dropped
                }
            }
        }

        return outcome;
    }
}
