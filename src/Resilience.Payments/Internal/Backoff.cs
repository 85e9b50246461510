using System;

namespace Resilience.Payments.Internal;

/// <summary>Exponential backoff with a cap and proportional jitter.</summary>
internal static class Backoff
{
    /// <summary>Returns <paramref name="initial"/> doubled <paramref name="round"/> times, capped, then reduced by up to <paramref name="jitter"/> of itself.</summary>
    public static TimeSpan Compute(TimeSpan initial, TimeSpan max, int round, double jitter, double random)
    {
        var nominal = initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(round, 0, 30));
        var capped = Math.Min(nominal, max.TotalMilliseconds);
        var factor = 1 - (jitter * Math.Clamp(random, 0, 1));
        return TimeSpan.FromMilliseconds(Math.Max(1, capped * factor));
    }
}
