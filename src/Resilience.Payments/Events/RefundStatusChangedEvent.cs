namespace Resilience.Payments;

/// <summary>A refund was created or its status changed (for example to Succeeded: the money is back with the payer).</summary>
public sealed record RefundStatusChangedEvent : PaymentEvent
{
    /// <summary>Gets the refund after the change.</summary>
    public required RefundResult Refund { get; init; }

    /// <summary>Gets the status before the change; <see langword="null"/> when the refund was just created.</summary>
    public RefundStatus? PreviousStatus { get; init; }
}
