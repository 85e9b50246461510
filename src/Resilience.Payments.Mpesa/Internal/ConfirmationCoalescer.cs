using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>
/// Coalesces the STK queries that confirm callbacks, per CheckoutRequestID, so that a replay storm (the same callback posted 50
/// times) cannot spend the merchant's Daraja quota: concurrent confirmations of one CheckoutRequestID share one query (single
/// flight), and the last answers are kept a short while on the adapter's clock, a final answer (succeeded, declined, not processed)
/// for <see cref="FinalLifetime"/>, any other for <see cref="NonFinalLifetime"/>. At most <see cref="Capacity"/> answers are kept;
/// the oldest go first.
/// </summary>
internal sealed class ConfirmationCoalescer
{
    /// <summary>How long a final answer is reused: M-Pesa does not change a final result.</summary>
    public static readonly TimeSpan FinalLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a non-final answer (pending, unknown) is reused: short, so that a payer who acts is seen promptly.</summary>
    public static readonly TimeSpan NonFinalLifetime = TimeSpan.FromSeconds(5);

    /// <summary>The most answers kept.</summary>
    public const int Capacity = 4096;

    private readonly object _gate = new();
    private readonly Dictionary<string, Task<ProviderOutcome>> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ProviderOutcome Outcome, DateTimeOffset Expires, long Stamp)> _recent = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, long Stamp)> _order = new();
    private readonly TimeProvider _time;
    private long _stamp;

    public ConfirmationCoalescer(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>
    /// Returns the recent answer for <paramref name="checkoutRequestId"/>, joins the query in flight for it, or runs
    /// <paramref name="query"/> (without the caller's cancellation: other callers may be waiting on it; the HTTP timeout bounds it).
    /// </summary>
    public Task<ProviderOutcome> GetAsync(string checkoutRequestId, Func<Task<ProviderOutcome>> query, CancellationToken cancellationToken)
    {
        Task<ProviderOutcome> task;
        lock (_gate)
        {
            if (_recent.TryGetValue(checkoutRequestId, out var recent))
            {
                if (recent.Expires > _time.GetUtcNow())
                {
                    return Task.FromResult(recent.Outcome);
                }

                _recent.Remove(checkoutRequestId);
            }

            if (!_inFlight.TryGetValue(checkoutRequestId, out task!))
            {
                task = RunAsync(checkoutRequestId, query);
                if (!task.IsCompleted)
                {
                    _inFlight[checkoutRequestId] = task;
                }
            }
        }

        return cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;
    }

    private async Task<ProviderOutcome> RunAsync(string checkoutRequestId, Func<Task<ProviderOutcome>> query)
    {
        ProviderOutcome outcome;
        try
        {
            outcome = await query().ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _inFlight.Remove(checkoutRequestId);
            }

            throw;
        }

        var final = outcome.Kind is OutcomeKind.Succeeded or OutcomeKind.Declined or OutcomeKind.NotProcessed;
        lock (_gate)
        {
            _inFlight.Remove(checkoutRequestId);
            var stamp = ++_stamp;
            _recent[checkoutRequestId] = (outcome, _time.GetUtcNow() + (final ? FinalLifetime : NonFinalLifetime), stamp);
            _order.Enqueue((checkoutRequestId, stamp));
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
