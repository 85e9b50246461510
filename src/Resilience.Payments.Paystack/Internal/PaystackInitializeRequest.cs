using System.Text.Json.Serialization;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>The body of <c>POST /transaction/initialize</c> (hosted checkout).</summary>
internal sealed record PaystackInitializeRequest
{
    [JsonPropertyName("email")]
    public required string Email { get; init; }

    [JsonPropertyName("amount")]
    public required string Amount { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    [JsonPropertyName("reference")]
    public required string Reference { get; init; }

    [JsonPropertyName("callback_url")]
    public string? CallbackUrl { get; init; }
}
