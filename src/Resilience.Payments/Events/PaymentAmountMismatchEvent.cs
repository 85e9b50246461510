namespace Resilience.Payments;

/// <summary>
/// A provider reported money moved for one of the payment's attempts, but not the amount, currency or payer the attempt asked for.
/// The payment is not marked paid; it stays open for a person (safety rule 8).
/// </summary>
public sealed record PaymentAmountMismatchEvent : PaymentEvent
{
    /// <summary>Gets the payment as it stands.</summary>
    public required PaymentResult Payment { get; init; }

    /// <summary>Gets the number of the attempt the report was about.</summary>
    public required int AttemptNumber { get; init; }

    /// <summary>Gets what was reported and what differed.</summary>
    public required AmountMismatch Mismatch { get; init; }
}
