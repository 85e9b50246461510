using System;

namespace Resilience.Payments;

/// <summary>
/// One outgoing webhook (the <c>Payments:Webhooks:{name}</c> section): every stored status change of a payment or refund is POSTed
/// to <see cref="Url"/> as JSON, signed with <see cref="Secret"/> (see <see cref="WebhookSignature"/>), at least once, in order per
/// payment, retried on any answer other than 2xx on the schedule below, then dead-lettered.
/// </summary>
public sealed class PaymentWebhookOptions
{
    /// <summary>Gets or sets where events are POSTed: https, or http to a loopback address. Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the signing secret shared with the receiver: at least 32 characters. Required.</summary>
    public string? Secret { get; set; }

    /// <summary>Gets or sets how long one delivery may take before it counts as failed. Default 10 seconds; at most 60 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times one event is sent before it is dead-lettered. Default 15 (about 3 days with the delays below).</summary>
    public int MaxAttempts { get; set; } = 15;

    /// <summary>Gets or sets the delay after the first failure; it doubles with each failure up to <see cref="MaxRetryDelay"/>. Default 30 seconds.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest delay between two sends of one event. Default 6 hours.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);
}
