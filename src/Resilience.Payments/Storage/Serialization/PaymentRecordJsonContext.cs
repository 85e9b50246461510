using System.Text.Json.Serialization;

namespace Resilience.Payments.Internal;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PaymentRecordDocument))]
internal sealed partial class PaymentRecordJsonContext : JsonSerializerContext
{
}
