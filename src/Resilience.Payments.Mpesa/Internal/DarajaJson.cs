using System;
using System.Globalization;
using System.Text.Json;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>Tolerant readers for Daraja's JSON, which writes the same field as a number in one place and a string in another.</summary>
internal static class DarajaJson
{
    /// <summary>Reads a property as text whether it is a string or a number; <see langword="null"/> when absent or of another kind.</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => StringOrNull(value),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
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

    /// <summary>Parses a body, or returns <see langword="null"/> when it is not JSON.</summary>
    public static JsonDocument? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
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
