using System.Text.Json.Serialization;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>The <c>mobile_money</c> object of a charge: <c>{"phone":"+2547...","provider":"mpesa"}</c>.</summary>
internal sealed record PaystackMobileMoney
{
    [JsonPropertyName("phone")]
    public required string Phone { get; init; }

    [JsonPropertyName("provider")]
    public required string Provider { get; init; }
}
