using System;
using System.Globalization;
using System.Text.Json;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>
/// The one tolerant reader of Daraja's JSON, used by every parser of the adapter (STK push and query answers, callbacks,
/// statements, OAuth): trailing commas and comments are accepted (Safaricom's own published STK query sample ends its object
/// with a comma), and a field is read alike whether Daraja writes it as a number or as a string (<c>"ResultCode":1032</c> in a
/// callback, <c>"ResultCode":"1032"</c> in an STK query answer).
/// </summary>
internal static class DarajaJson
{
    /// <summary>The reader options of every Daraja body.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 };

    /// <summary>The same options for a <see cref="Utf8JsonReader"/>.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 };

    /// <summary>Reads a property as text whether it is a string or a number; <see langword="null"/> when absent or of another kind.</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return Text(value);
    }

    /// <summary>Reads a value as text whether it is a string or a number; <see langword="null"/> when of another kind.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => StringOrNull(value),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// Reads a result or response code the same way whatever its form: <c>1032</c>, <c>1032.0</c>, <c>"1032"</c> and
    /// <c>" 1032 "</c> are all <c>1032</c>; a code that is not a number (<c>SFC_IC0003</c>) is kept as written, trimmed. A string
    /// is only trimmed, never reinterpreted (<c>"00"</c> stays <c>00</c>, a code nobody documented).
    /// </summary>
    public static string? Code(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetDecimal(out var number) && decimal.Truncate(number) == number && number is >= long.MinValue and <= long.MaxValue
                ? decimal.ToInt64(number).ToString(CultureInfo.InvariantCulture)
                : value.GetRawText();
        }

        var text = Text(value)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>Reads a decimal written as a number or a string (<c>1.00</c>, <c>"1.00"</c>).</summary>
    public static bool TryDecimal(JsonElement value, out decimal number)
    {
        number = 0;
        var text = Text(value)?.Trim();
        return text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Reads <c>expires_in</c> (a number or a string of seconds).</summary>
    public static bool TryExpiresIn(JsonElement element, out TimeSpan expiresIn)
    {
        expiresIn = default;
        var text = Text(element, "expires_in");
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        expiresIn = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Parses a body with <see cref="DocumentOptions"/>, or returns <see langword="null"/> when it is not JSON.</summary>
    public static JsonDocument? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            return null;
        }
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
