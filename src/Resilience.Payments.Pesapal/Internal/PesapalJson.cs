using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>Reads Pesapal JSON tolerantly (wrong types are ignored, never thrown) and writes request bodies.</summary>
internal static class PesapalJson
{
    public static readonly JsonSerializerOptions WriteOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Parses an answer; <see langword="null"/> when the bytes are not a JSON object.</summary>
    public static PesapalAnswer? TryRead(ReadOnlySpan<byte> utf8)
    {
        if (!TryParse(utf8, out var document))
        {
            return null;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var error = Property(root, "error") is { ValueKind: JsonValueKind.Object } e ? e : (JsonElement?)null;
            var errorCode = error is { } c1 ? NonEmpty(Text(c1, "code")) : null;
            var errorType = error is { } t1 ? NonEmpty(Text(t1, "type")) ?? NonEmpty(Text(t1, "error_type")) : null;
            var errorMessage = error is { } m1 ? NonEmpty(Text(m1, "message")) : null;
            return new PesapalAnswer
            {
                Status = Text(root, "status"),
                Message = Text(root, "message"),

                // An error object whose fields are all null (or empty) is what Pesapal sends on a success: not an error.
                HasError = errorCode is not null || errorType is not null || errorMessage is not null,
                ErrorCode = errorCode,
                ErrorType = errorType,
                ErrorMessage = errorMessage,
                Token = Text(root, "token"),
                ExpiryDate = Text(root, "expiryDate"),
                IpnId = Text(root, "ipn_id"),
                OrderTrackingId = Text(root, "order_tracking_id"),
                MerchantReference = Text(root, "merchant_reference"),
                RedirectUrl = Text(root, "redirect_url"),
                StatusCode = Property(root, "status_code") is { ValueKind: JsonValueKind.Number } code && code.TryGetInt32(out var c) ? c : null,
                PaymentStatusDescription = Text(root, "payment_status_description"),
                ConfirmationCode = Text(root, "confirmation_code"),
                PaymentMethod = Text(root, "payment_method"),
                Description = Text(root, "description"),
                Currency = Text(root, "currency"),
                Amount = Decimal(root, "amount"),
                PaymentAccount = Text(root, "payment_account"),
                CreatedDate = Text(root, "created_date"),
            };
        }
    }

    /// <summary>A number property, or a string holding an invariant decimal number; <see langword="null"/> otherwise.</summary>
    private static decimal? Decimal(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetDecimal(out var value) => value,
        { ValueKind: JsonValueKind.String } text when decimal.TryParse(StringOrNull(text), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) => value,
        _ => null,
    };

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>Parses any JSON value; <see langword="false"/> for anything that is not JSON, or not valid UTF-8 (which would throw later, when a property name is read).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonDocument? document)
    {
        document = null;
        if (utf8.IsEmpty || !System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false; // invalid UTF-8 surfaces as ArgumentException on some paths
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A string property, or a number as invariant text; <see langword="null"/> otherwise.</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (Property(element, name) is not { } value)
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

    /// <summary>A property by exact name, else by name ignoring case; <see langword="null"/> when absent or not an object.</summary>
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            string propertyName;
            try
            {
                propertyName = property.Name;
            }
            catch (InvalidOperationException)
            {
                continue; // a name that cannot be read as text (an escaped lone surrogate) is no name we look for
            }

            if (string.Equals(propertyName, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
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
