using System.Text.Json.Serialization;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>The body of <c>POST /charge</c>.</summary>
internal sealed record PaystackChargeRequest
{
    [JsonPropertyName("email")]
    public required string Email { get; init; }

    /// <summary>The amount in the currency's subunit, as a string (KES 200.50 is "20050").</summary>
    [JsonPropertyName("amount")]
    public required string Amount { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>The attempt reference: Paystack refuses a reused one, so a re-send can never charge twice.</summary>
    [JsonPropertyName("reference")]
    public required string Reference { get; init; }

    [JsonPropertyName("authorization_code")]
    public string? AuthorizationCode { get; init; }

    [JsonPropertyName("mobile_money")]
    public PaystackMobileMoney? MobileMoney { get; init; }
}
