using System;
#if NET9_0_OR_GREATER
using System.Threading;
#endif

namespace Resilience.Payments.Gateway.Internal;

/// <summary>One random source for the gateway's jitter (queue and status-check delays), safe to share between threads.</summary>
internal sealed class LockedRandom(Random? random)
{
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly Random _random = random ?? new Random();

    public double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }
}
