namespace Resilience.Payments;

/// <summary>Why the gateway refused a refund before storing or sending anything (<see cref="RefundRefusedException.Refusal"/>).</summary>
public enum RefundRefusal
{
    /// <summary>No payment has the refund's <see cref="RefundRequest.PaymentKey"/>.</summary>
    PaymentNotFound = 0,

    /// <summary>The payment has not succeeded (and the attempt named is not a recorded extra charge): nothing was captured to give back.</summary>
    NotCaptured = 1,

    /// <summary>The amount is more than what is left to refund (captured minus what is refunded, in flight or pending).</summary>
    ExceedsRefundable = 2,

    /// <summary>The provider that charged cannot refund at all (its adapter does not implement <see cref="IRefundProvider"/>).</summary>
    ProviderCannotRefund = 3,

    /// <summary>The provider cannot refund this way: a partial amount, a second refund of one charge, fractional units (see <see cref="RefundCapabilities"/>).</summary>
    NotSupportedByProvider = 4,

    /// <summary>The store cannot index refunds (a custom <see cref="IPaymentStore"/> without <see cref="IRefundStore"/>).</summary>
    StoreCannotRefund = 5,
}
