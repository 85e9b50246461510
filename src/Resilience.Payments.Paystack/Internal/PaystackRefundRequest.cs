using System.Text.Json.Serialization;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>The body of <c>POST /refund</c> (https://paystack.com/docs/api/refund/#create).</summary>
internal sealed record PaystackRefundRequest
{
    /// <summary>The transaction to refund: its reference or its id.</summary>
    [JsonPropertyName("transaction")]
    public required string Transaction { get; init; }

    /// <summary>The amount in the currency's subunit (KES 50.25 is 5025); always sent, so that Paystack never picks the amount itself.</summary>
    [JsonPropertyName("amount")]
    public required long Amount { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>The refund's reason, for the customer.</summary>
    [JsonPropertyName("customer_note")]
    public string? CustomerNote { get; init; }

    /// <summary>The refund's reference: what a listing of the transaction's refunds is searched for when the answer was lost.</summary>
    [JsonPropertyName("merchant_note")]
    public required string MerchantNote { get; init; }
}
