namespace Resilience.Payments.Paystack.Internal;

/// <summary>The <c>data</c> object of a charge, initialize or verify answer, or of a webhook.</summary>
internal sealed record PaystackData
{
    public string? Status { get; init; }

    public string? Reference { get; init; }

    /// <summary><c>id</c>, as text whether Paystack sent a number or a string.</summary>
    public string? Id { get; init; }

    public string? GatewayResponse { get; init; }

    public string? DisplayText { get; init; }

    public string? Message { get; init; }

    public string? Url { get; init; }

    public string? AuthorizationUrl { get; init; }

    public string? AccessCode { get; init; }

    /// <summary><c>amount</c>, in the currency's subunit (a number, or a string of digits).</summary>
    public long? Amount { get; init; }

    public string? Currency { get; init; }

    public string? Channel { get; init; }

    /// <summary><c>paid_at</c> (or <c>paidAt</c>): when the payer paid, ISO 8601 with an offset.</summary>
    public string? PaidAt { get; init; }

    /// <summary><c>transaction_date</c> of a <c>/charge</c> answer.</summary>
    public string? TransactionDate { get; init; }

    /// <summary><c>authorization.mobile_money_number</c>: the wallet that paid a mobile money charge, when Paystack reports it.</summary>
    public string? MobileMoneyNumber { get; init; }

    /// <summary><c>merchant_note</c> of a refund: the adapter sends the refund's reference there.</summary>
    public string? MerchantNote { get; init; }

    /// <summary>The refunded transaction's reference: <c>transaction_reference</c> (refund webhooks) or <c>transaction.reference</c> (a refund answer).</summary>
    public string? TransactionReference { get; init; }

    /// <summary>The refunded transaction's id: <c>transaction</c> when a number (fetch, list), or <c>transaction.id</c> (a refund answer).</summary>
    public string? TransactionId { get; init; }
}
