using System;

namespace Resilience.Payments;

/// <summary>One refund of one charge, as the gateway hands it to an <see cref="IRefundProvider"/> (to send, or to ask about).</summary>
public sealed record ProviderRefundRequest
{
    /// <summary>Gets the payment's idempotency key.</summary>
    public required string PaymentKey { get; init; }

    /// <summary>Gets the refund's idempotency key.</summary>
    public required string RefundKey { get; init; }

    /// <summary>Gets the refund's reference (<see cref="PaymentRefund.Reference"/>): pass it wherever the provider takes a merchant reference or note.</summary>
    public required string RefundReference { get; init; }

    /// <summary>Gets the amount to give back.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets why, as the request gave it (never personal data).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the charged attempt's reference (its merchant reference at the provider).</summary>
    public required string AttemptReference { get; init; }

    /// <summary>Gets the charged attempt's provider reference (a CheckoutRequestID, a Paystack reference, a Pesapal order tracking id).</summary>
    public string? ChargeProviderReference { get; init; }

    /// <summary>Gets the charge's receipt (an M-Pesa receipt number, an Airtel Money id, a Pesapal confirmation code).</summary>
    public string? ChargeReceipt { get; init; }

    /// <summary>Gets the amount charged.</summary>
    public required Money ChargedAmount { get; init; }

    /// <summary>Gets the instrument charged.</summary>
    public required PaymentInstrument Instrument { get; init; }

    /// <summary>Gets a value indicating whether the refund gives back the whole charge.</summary>
    public bool IsFull => Amount == ChargedAmount;

    /// <summary>Gets the provider's reference for the refund, once an answer gave one (for status queries).</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets when the refund was handed to the provider (for status queries).</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Gets the latest moment the request may still have been on its way to the provider (for status queries).</summary>
    public DateTimeOffset? LastInFlightAt { get; init; }

    /// <summary>
    /// Returns whether a provider's "no such refund" may now be read as "never processed": <paramref name="settleTime"/> has passed
    /// since the request was last in flight. Before that, "not found" proves nothing (safety rule 11).
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="settleTime">The provider's processing lag.</param>
    /// <returns><see langword="true"/> when "not found" is conclusive.</returns>
    public bool NotFoundIsConclusive(DateTimeOffset now, TimeSpan settleTime)
    {
        var from = LastInFlightAt ?? SentAt;
        return from is { } f && now >= f + (settleTime > TimeSpan.Zero ? settleTime : TimeSpan.Zero);
    }
}
