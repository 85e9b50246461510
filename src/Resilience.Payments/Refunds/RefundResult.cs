using System;

namespace Resilience.Payments;

/// <summary>A refund as it stands: the answer of <see cref="IPaymentGateway.RefundAsync"/> and <see cref="IPaymentGateway.GetRefundAsync"/>.</summary>
public sealed class RefundResult
{
    private readonly PaymentRefund _refund;

    internal RefundResult(PaymentRecord payment, PaymentRefund refund)
    {
        PaymentKey = payment.Key;
        _refund = refund;
        Payment = new PaymentResult(payment);
    }

    /// <summary>Gets the refund's idempotency key.</summary>
    public string RefundKey => _refund.Key;

    /// <summary>Gets the refunded payment's idempotency key.</summary>
    public string PaymentKey { get; }

    /// <summary>Gets where the refund stands.</summary>
    public RefundStatus Status => _refund.Status;

    /// <summary>Gets a value indicating whether <see cref="Status"/> is final (Succeeded, Rejected or Failed).</summary>
    public bool IsFinal => _refund.Status.IsFinal();

    /// <summary>Gets the amount given back (or to be given back).</summary>
    public Money Amount => _refund.Amount;

    /// <summary>Gets the provider that refunds (the one that charged).</summary>
    public string Provider => _refund.Provider;

    /// <summary>Gets the number of the attempt whose charge is refunded.</summary>
    public int AttemptNumber => _refund.AttemptNumber;

    /// <summary>Gets a value indicating whether the gateway started the refund by itself, to reverse an extra charge.</summary>
    public bool Automatic => _refund.Automatic;

    /// <summary>Gets the provider's reference for the refund.</summary>
    public string? ProviderReference => _refund.ProviderReference;

    /// <summary>Gets the provider's code, for a rejection or failure (for example Paystack's refund error, M-Pesa's result code).</summary>
    public string? Code => _refund.Code;

    /// <summary>Gets the provider's message in words.</summary>
    public string? Message => _refund.Message;

    /// <summary>Gets why the money goes back, as requested.</summary>
    public string? Reason => _refund.Reason;

    /// <summary>Gets when the refund was requested.</summary>
    public DateTimeOffset CreatedAt => _refund.CreatedAt;

    /// <summary>Gets when the refund last changed.</summary>
    public DateTimeOffset UpdatedAt => _refund.UpdatedAt;

    /// <summary>Gets the refund as stored.</summary>
    public PaymentRefund Refund => _refund;

    /// <summary>Gets the payment after this refund's latest change (its refunds and the amount still refundable).</summary>
    public PaymentResult Payment { get; }
}
