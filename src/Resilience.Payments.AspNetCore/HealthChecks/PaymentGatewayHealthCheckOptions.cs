namespace Resilience.Payments.AspNetCore;

/// <summary>Options of the payment gateway health check (<c>AddPaymentGatewayCheck</c>).</summary>
public sealed class PaymentGatewayHealthCheckOptions
{
    /// <summary>The default <see cref="MaxQueueCount"/>: 1,000.</summary>
    public const int DefaultMaxQueueCount = 1000;

    /// <summary>
    /// Gets or sets the most queued payments counted per check (one page of <see cref="IPaymentOperations.ListAsync"/>, 1 to
    /// 1,000). A longer queue is reported as this number with <c>queue.depth.capped = true</c>. Default
    /// <see cref="DefaultMaxQueueCount"/>.
    /// </summary>
    public int MaxQueueCount { get; set; } = DefaultMaxQueueCount;

    /// <summary>
    /// Gets or sets the queue depth from which an otherwise healthy gateway reports <c>Degraded</c>, or <see langword="null"/>
    /// to report the depth without judging it. Default <see langword="null"/>.
    /// </summary>
    public int? DegradedQueueDepth { get; set; }
}
