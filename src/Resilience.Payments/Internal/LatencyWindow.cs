using System;
using System.Collections.Generic;

namespace Resilience.Payments.Internal;

/// <summary>
/// A provider's recently observed initiation latencies (timeouts count as the attempt timeout), for the "not found" settle window:
/// the slowest answer in the last <see cref="Horizon"/>, doubled, capped at <see cref="MaxDelay"/>. An overloaded provider that
/// queues requests beyond the attempt timeout stretches the window while it is slow; a prompt one adds almost nothing.
/// </summary>
internal sealed class LatencyWindow
{
    /// <summary>How long a sample counts: 10 minutes.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(10);

    /// <summary>The longest stretch: 10 minutes.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    private const int Size = 64;
    private readonly long[] _atTicks = new long[Size];
    private readonly long[] _latencyTicks = new long[Size];
    private readonly bool[] _failed = new bool[Size];
#if NET9_0_OR_GREATER
    private readonly System.Threading.Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private int _next;

    public void Record(DateTimeOffset at, TimeSpan latency, bool failed = false)
    {
        lock (_gate)
        {
            _atTicks[_next] = at.UtcTicks;
            _latencyTicks[_next] = Math.Max(0, latency.Ticks);
            _failed[_next] = failed;
            _next = (_next + 1) % Size;
        }
    }

    /// <summary>Returns twice the slowest latency seen since <paramref name="now"/> minus <see cref="Horizon"/>, at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan ObservedDelay(DateTimeOffset now)
    {
        var since = (now - Horizon).UtcTicks;
        long max = 0;
        lock (_gate)
        {
            for (var i = 0; i < Size; i++)
            {
                if (_atTicks[i] != 0 && _atTicks[i] >= since && _latencyTicks[i] > max)
                {
                    max = _latencyTicks[i];
                }
            }
        }

        var doubled = TimeSpan.FromTicks(Math.Min(max, MaxDelay.Ticks / 2) * 2);
        return doubled;
    }

    /// <summary>Returns the calls of the last <see cref="Horizon"/>: how many, the share that failed, the median and the slowest latency.</summary>
    public (int Calls, double? FailureRatio, TimeSpan? Median, TimeSpan? Max) Summary(DateTimeOffset now)
    {
        var since = (now - Horizon).UtcTicks;
        var latencies = new List<long>(Size);
        var failures = 0;
        lock (_gate)
        {
            for (var i = 0; i < Size; i++)
            {
                if (_atTicks[i] != 0 && _atTicks[i] >= since)
                {
                    latencies.Add(_latencyTicks[i]);
                    failures += _failed[i] ? 1 : 0;
                }
            }
        }

        if (latencies.Count == 0)
        {
            return (0, null, null, null);
        }

        latencies.Sort();
        return (latencies.Count, (double)failures / latencies.Count, TimeSpan.FromTicks(latencies[latencies.Count / 2]), TimeSpan.FromTicks(latencies[^1]));
    }
}
