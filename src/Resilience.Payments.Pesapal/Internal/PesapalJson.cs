using System;
using System.Globalization;
using System.Text.Json;
using Resilience.Payments.Json;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>
/// Reads Pesapal answers and IPNs with the shared <see cref="ProviderJson"/> (wrong types are ignored, never thrown). Property
/// names match exactly, else ignoring case: Pesapal's own documents write IPN fields in two casings.
/// </summary>
internal static class PesapalJson
{
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

            var error = ProviderJson.TryGetProperty(root, "error", out var e, ignoreCase: true) && e.ValueKind == JsonValueKind.Object ? e : (JsonElement?)null;
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
                StatusCode = StatusCode(root),
                PaymentStatusDescription = Text(root, "payment_status_description"),
                ConfirmationCode = Text(root, "confirmation_code"),
                PaymentMethod = Text(root, "payment_method"),
                Description = Text(root, "description"),
                Currency = Text(root, "currency"),
                Amount = ProviderJson.Number(root, "amount", NumberStyles.AllowDecimalPoint, ignoreCase: true),
                PaymentAccount = Text(root, "payment_account"),
                CreatedDate = Text(root, "created_date"),
            };
        }
    }

    /// <summary>Parses any JSON value; <see langword="false"/> for anything that is not JSON, or not valid UTF-8 (which would throw later, when a property name is read).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonDocument? document)
    {
        document = System.Text.Unicode.Utf8.IsValid(utf8) ? ProviderJson.TryParse(utf8) : null;
        return document is not null;
    }

    /// <summary>A string property, or a number as invariant text; <see langword="null"/> otherwise. Names match exactly, else ignoring case.</summary>
    public static string? Text(JsonElement element, string name) => ProviderJson.Text(element, name, ignoreCase: true);

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>
    /// <c>status_code</c>: a JSON number as documented, or the same digits as a JSON string (as Pesapal's other numeric-looking
    /// fields, <c>status</c> among them, are sent); anything else is unreadable (the status is then Unknown).
    /// </summary>
    private static int? StatusCode(JsonElement root)
    {
        if (!ProviderJson.TryGetProperty(root, "status_code", out var code, ignoreCase: true))
        {
            return null;
        }

        return code.ValueKind switch
        {
            JsonValueKind.Number when code.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(code.GetString()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var digits) => digits,
            _ => null,
        };
    }
}
