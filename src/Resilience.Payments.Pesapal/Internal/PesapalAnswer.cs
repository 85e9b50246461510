namespace Resilience.Payments.Pesapal.Internal;

/// <summary>The fields of any Pesapal API 3.0 answer the adapter reads; every one optional (Pesapal omits and nulls freely).</summary>
internal sealed record PesapalAnswer
{
    /// <summary><c>status</c>: Pesapal's own status, a string such as "200" or "500" (also read from a number).</summary>
    public string? Status { get; init; }

    public string? Message { get; init; }

    /// <summary><c>error.code</c>, when <c>error</c> is an object.</summary>
    public string? ErrorCode { get; init; }

    /// <summary><c>error.type</c> or <c>error.error_type</c>.</summary>
    public string? ErrorType { get; init; }

    /// <summary><c>error.message</c>.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>
    /// Whether <c>error</c> is an object with at least one field set. Pesapal sends <c>"error":{"error_type":null,"code":null,
    /// "message":null,"call_back_url":null}</c> on answers that succeeded (the GetTransactionStatus sample of
    /// https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/gettransactionstatus): that is not an error.
    /// </summary>
    public bool HasError { get; init; }

    public string? Token { get; init; }

    public string? ExpiryDate { get; init; }

    public string? IpnId { get; init; }

    public string? OrderTrackingId { get; init; }

    public string? MerchantReference { get; init; }

    public string? RedirectUrl { get; init; }

    /// <summary><c>status_code</c> of GetTransactionStatus: 0 INVALID, 1 COMPLETED, 2 FAILED, 3 REVERSED.</summary>
    public int? StatusCode { get; init; }

    public string? PaymentStatusDescription { get; init; }

    public string? ConfirmationCode { get; init; }

    public string? PaymentMethod { get; init; }

    public string? Description { get; init; }

    public string? Currency { get; init; }

    /// <summary><c>amount</c>, in major units ("Amount paid by the customer"), from a number or a numeric string.</summary>
    public decimal? Amount { get; init; }

    /// <summary><c>payment_account</c>: "Masked card number or phone number used during payment".</summary>
    public string? PaymentAccount { get; init; }

    /// <summary><c>created_date</c>: "Date the payment was made", as Pesapal writes it (often without an offset).</summary>
    public string? CreatedDate { get; init; }
}
