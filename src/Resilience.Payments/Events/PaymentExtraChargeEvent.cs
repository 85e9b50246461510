namespace Resilience.Payments;

/// <summary>
/// A payment was charged twice: an attempt reported success after another attempt of the same payment had already succeeded.
/// The payment keeps its first success; the extra charge is on <see cref="PaymentResult.ExtraCharges"/> and must be given back.
/// </summary>
public sealed record PaymentExtraChargeEvent : PaymentEvent
{
    /// <summary>Gets the payment as it stands.</summary>
    public required PaymentResult Payment { get; init; }

    /// <summary>Gets the extra charge.</summary>
    public required ExtraCharge Charge { get; init; }
}
