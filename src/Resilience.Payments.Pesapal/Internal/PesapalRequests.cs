using System.Text.Json.Serialization;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>The body of <c>POST /api/Auth/RequestToken</c>.</summary>
internal sealed record PesapalTokenRequest(
    [property: JsonPropertyName("consumer_key")] string ConsumerKey,
    [property: JsonPropertyName("consumer_secret")] string ConsumerSecret);

/// <summary>The body of <c>POST /api/URLSetup/RegisterIPN</c>.</summary>
internal sealed record PesapalRegisterIpnRequest(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("ipn_notification_type")] string IpnNotificationType);

/// <summary>The body of <c>POST /api/Transactions/SubmitOrderRequest</c>.</summary>
internal sealed record PesapalOrderRequest
{
    /// <summary>The attempt reference: Pesapal's merchant reference, unique per order.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    [JsonPropertyName("amount")]
    public required decimal Amount { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("callback_url")]
    public required string CallbackUrl { get; init; }

    [JsonPropertyName("notification_id")]
    public required string NotificationId { get; init; }

    [JsonPropertyName("billing_address")]
    public required PesapalBillingAddress BillingAddress { get; init; }
}

/// <summary>The <c>billing_address</c> of an order: Pesapal needs the phone number or the e-mail address.</summary>
internal sealed record PesapalBillingAddress
{
    [JsonPropertyName("phone_number")]
    public string? PhoneNumber { get; init; }

    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    [JsonPropertyName("country_code")]
    public string CountryCode { get; init; } = "KE";
}

/// <summary>The body of <c>POST /api/Transactions/RefundRequest</c>.</summary>
internal sealed record PesapalRefundRequest(
    [property: JsonPropertyName("confirmation_code")] string ConfirmationCode,
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("remarks")] string Remarks);
