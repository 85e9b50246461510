namespace Resilience.Payments;

/// <summary>A payment's status changed (for example to Succeeded: time to issue the parking ticket or the token).</summary>
public sealed record PaymentStatusChangedEvent : PaymentEvent
{
    /// <summary>Gets the payment after the change.</summary>
    public required PaymentResult Payment { get; init; }

    /// <summary>Gets the status before the change; <see langword="null"/> when the payment was just created.</summary>
    public PaymentStatus? PreviousStatus { get; init; }
}
