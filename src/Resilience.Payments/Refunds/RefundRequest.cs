namespace Resilience.Payments;

/// <summary>A request to give money back to the payer of a succeeded payment: the argument of <see cref="IPaymentGateway.RefundAsync"/>.</summary>
public sealed record RefundRequest
{
    /// <summary>
    /// Gets the refund's idempotency key: unique among all refunds. The same key with the same request returns the same refund
    /// (never a second one); the same key with another request is an <see cref="IdempotencyConflictException"/>. At most 64 ASCII letters, digits and <c>- _ . :</c>.
    /// </summary>
    public required string RefundKey { get; init; }

    /// <summary>Gets the idempotency key of the payment to refund.</summary>
    public required string PaymentKey { get; init; }

    /// <summary>
    /// Gets the amount to give back, in the payment's currency, or <see langword="null"/> for everything still refundable.
    /// A partial amount is refused before anything is sent when the provider cannot refund partially.
    /// </summary>
    public Money? Amount { get; init; }

    /// <summary>Gets why the money goes back, for the provider (where it takes a note) and the records. At most 200 characters; never holds personal data.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Gets the number of the attempt whose charge to give back, or <see langword="null"/> for the payment's charge (its first
    /// success). Set it to an <see cref="ExtraCharge.AttemptNumber"/> to give back an extra charge.
    /// </summary>
    public int? AttemptNumber { get; init; }
}
