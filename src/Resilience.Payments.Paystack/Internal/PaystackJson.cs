using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>Reads Paystack JSON tolerantly (wrong types are ignored, never thrown) and writes request bodies.</summary>
internal static class PaystackJson
{
    public static readonly JsonSerializerOptions WriteOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 64 };

    /// <summary>Parses an answer; <see langword="null"/> when the bytes are not a JSON object.</summary>
    public static PaystackAnswer? TryRead(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = ReadOptions.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new PaystackAnswer
            {
                Status = root.TryGetProperty("status", out var status) && status.ValueKind is JsonValueKind.True or JsonValueKind.False ? status.GetBoolean() : null,
                Message = Text(root, "message"),
                Code = Text(root, "code"),
                Event = Text(root, "event"),
                Data = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? ReadData(data) : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null; // invalid UTF-8 surfaces as ArgumentException on some paths
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static PaystackData ReadData(JsonElement data) => new()
    {
        Status = Text(data, "status"),
        Reference = Text(data, "reference"),
        Id = Text(data, "id"),
        GatewayResponse = Text(data, "gateway_response"),
        DisplayText = Text(data, "display_text"),
        Message = Text(data, "message"),
        Url = Text(data, "url"),
        AuthorizationUrl = Text(data, "authorization_url"),
        AccessCode = Text(data, "access_code"),
        Amount = Subunits(data),
        Currency = Text(data, "currency"),
        Channel = Text(data, "channel"),
        PaidAt = Text(data, "paid_at") ?? Text(data, "paidAt"),
        TransactionDate = Text(data, "transaction_date"),
        MobileMoneyNumber = data.TryGetProperty("authorization", out var authorization) && authorization.ValueKind == JsonValueKind.Object ? Text(authorization, "mobile_money_number") : null,
    };

    /// <summary><c>amount</c> as a whole number of subunits: a JSON integer, or a string of digits; <see langword="null"/> otherwise.</summary>
    private static long? Subunits(JsonElement data)
    {
        if (!data.TryGetProperty("amount", out var amount))
        {
            return null;
        }

        return amount.ValueKind switch
        {
            JsonValueKind.Number when amount.TryGetInt64(out var minor) => minor,
            JsonValueKind.String when long.TryParse(StringOrNull(amount), NumberStyles.None, CultureInfo.InvariantCulture, out var minor) => minor,
            _ => null,
        };
    }

    /// <summary>A string property, or a number as invariant text; <see langword="null"/> otherwise.</summary>
    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => StringOrNull(value),
            JsonValueKind.Number => value.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>The string, or <see langword="null"/> when it cannot be read (for example a lone surrogate escape such as <c>\uD800</c>).</summary>
    private static string? StringOrNull(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
