using System;

namespace Resilience.Payments;

/// <summary>How queued payments are retried when no provider could take them.</summary>
public sealed class QueueOptions
{
    /// <summary>Gets or sets how many times the queue worker routes a payment before it fails (dead letter). Default 20.</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>Gets or sets the delay before the first retry; it doubles each round up to <see cref="MaxDelay"/>. Default 15 seconds.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the longest delay between retries. Default 10 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets the share of each delay drawn at random (0 to 1), so that a flood of payments queued during an
    /// outage does not return to the provider all at once. Default 0.2: each delay is 80% to 100% of its nominal value.
    /// </summary>
    public double JitterFactor { get; set; } = 0.2;

    /// <summary>Gets or sets how often the worker looks for due payments. Default 2 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the most payments one poll claims. Default 64.</summary>
    public int BatchSize { get; set; } = 64;
}
