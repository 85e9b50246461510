using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.AspNetCore;

/// <summary>
/// The default <see cref="IUnmatchedCallbackSink"/>: keeps the last <see cref="Capacity"/> unmatched callbacks in memory for
/// operators (<see cref="GetRecent"/>), counts all of them (<see cref="TotalCount"/>) and adds one to the counter
/// <c>resilience.payments.callbacks.unmatched</c> (meter <c>Resilience.Payments</c>, tag <c>provider</c>) per callback.
/// In memory only: a restart forgets the list (the log warning written for each one stays); replace the sink to keep them.
/// </summary>
public sealed class InMemoryUnmatchedCallbackSink : IUnmatchedCallbackSink, IDisposable
{
    /// <summary>The default <see cref="Capacity"/>: 1,000 callbacks.</summary>
    public const int DefaultCapacity = 1000;

    /// <summary>The name of the counter.</summary>
    public const string CounterName = "resilience.payments.callbacks.unmatched";

    private readonly object _gate = new();
    private readonly Queue<UnmatchedCallback> _recent = new();
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _counter;
    private long _total;

    /// <summary>Creates the sink.</summary>
    /// <param name="meterFactory">Creates the meter; a private meter when <see langword="null"/>.</param>
    /// <param name="capacity">How many callbacks to keep, 1 or more. Default <see cref="DefaultCapacity"/>.</param>
    public InMemoryUnmatchedCallbackSink(IMeterFactory? meterFactory = null, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(PaymentTelemetry.MeterName) ?? new Meter(PaymentTelemetry.MeterName); // the factory's meter is shared and owned by it
        _counter = _meter.CreateCounter<long>(CounterName, "{callback}", "Verified or confirmed callbacks that matched no payment, by provider.");
    }

    /// <summary>Gets how many callbacks are kept; older ones are dropped from the list (never from <see cref="TotalCount"/>).</summary>
    public int Capacity { get; }

    /// <summary>Gets how many unmatched callbacks were recorded since start.</summary>
    public long TotalCount => Interlocked.Read(ref _total);

    /// <summary>Gets the kept callbacks, oldest first.</summary>
    /// <returns>A copy of the list.</returns>
    public IReadOnlyList<UnmatchedCallback> GetRecent()
    {
        lock (_gate)
        {
            return _recent.ToArray();
        }
    }

    /// <inheritdoc />
    public ValueTask PublishAsync(UnmatchedCallback callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            _recent.Enqueue(callback);
            while (_recent.Count > Capacity)
            {
                _recent.Dequeue();
            }
        }

        Interlocked.Increment(ref _total);
        _counter.Add(1, new KeyValuePair<string, object?>("provider", callback.Provider));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
