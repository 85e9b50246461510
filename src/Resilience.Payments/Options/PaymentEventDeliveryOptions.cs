using System;

namespace Resilience.Payments;

/// <summary>
/// How the event dispatcher delivers the outbox's events to each <see cref="IPaymentEventObserver"/> (the <c>Payments:Events</c>
/// section): at least once, in order per payment, with retries and a dead letter.
/// </summary>
public sealed class PaymentEventDeliveryOptions
{
    /// <summary>Gets or sets how often the dispatcher looks for new events when nothing woke it. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the most events read at once for one observer. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Gets or sets how many times an observer is given one event before the event is dead-lettered for that observer and delivery
    /// moves on. Default 10.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the delay after an observer's first failure; it doubles with each failure up to <see cref="MaxRetryDelay"/>. Default 1 second.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between two tries of one event. Default 5 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long an instance holds an observer's lease before another instance may take it over (the holder renews it
    /// while it delivers). Longer than the slowest observer call. Default 30 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long delivered events are kept before they are deleted. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how often delivered events older than <see cref="Retention"/> are deleted. Default 1 hour.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
