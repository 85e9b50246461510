using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Resilience.Payments.Json;

/// <summary>
/// The tolerant reader of providers' JSON that every adapter shares: it never throws on what a provider sends. A body that is
/// not JSON reads as <see langword="null"/>; a field that is absent, of another kind, or a string that cannot be decoded (a lone
/// surrogate escape such as <c>\uD800</c>) reads as <see langword="null"/>; numbers and codes are read alike whether the provider
/// writes them as JSON numbers or as strings (<c>"ResultCode":1032</c> and <c>"ResultCode":"1032"</c>); a time is read only when
/// it carries its offset.
/// </summary>
/// <remarks>
/// Adapters read their answers with <see cref="TryParse"/> and the field readers, and map what
/// they read to outcomes themselves. Only what the reader is told to accept is accepted: a string is parsed as a number only
/// with the <see cref="NumberStyles"/> the caller gives (so that, for one provider, <c>"-100"</c> or <c>" 100 "</c> is not an
/// amount), and property names match exactly unless the caller asks to ignore case.
/// </remarks>
public static class ProviderJson
{
    /// <summary>The serializer options of request bodies: properties that are <see langword="null"/> are left out.</summary>
    public static readonly JsonSerializerOptions WriteOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The depth of nesting read by default: 64, <see cref="JsonDocument"/>'s own default.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>The reader options of a body: strict JSON, or with comments and trailing commas accepted (<paramref name="lenient"/>).</summary>
    /// <param name="lenient">Whether comments and trailing commas are accepted (Safaricom's own published samples end an object with a comma).</param>
    /// <param name="maxDepth">The deepest nesting read.</param>
    /// <returns>The options.</returns>
    public static JsonReaderOptions ReaderOptions(bool lenient = false, int maxDepth = DefaultMaxDepth) => new()
    {
        AllowTrailingCommas = lenient,
        CommentHandling = lenient ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
        MaxDepth = maxDepth,
    };

    /// <summary>Parses UTF-8 bytes into a document, or returns <see langword="null"/> when they are empty or not JSON.</summary>
    /// <param name="utf8">The body.</param>
    /// <param name="lenient">Whether comments and trailing commas are accepted.</param>
    /// <param name="maxDepth">The deepest nesting read; deeper bodies read as <see langword="null"/>.</param>
    /// <returns>The document (dispose it), or <see langword="null"/>.</returns>
    public static JsonDocument? TryParse(ReadOnlySpan<byte> utf8, bool lenient = false, int maxDepth = DefaultMaxDepth)
    {
        if (utf8.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions(lenient, maxDepth));
            return JsonDocument.ParseValue(ref reader);
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

    /// <summary>Parses text into a document, or returns <see langword="null"/> when it is blank or not JSON.</summary>
    /// <param name="text">The body.</param>
    /// <param name="lenient">Whether comments and trailing commas are accepted.</param>
    /// <param name="maxDepth">The deepest nesting read.</param>
    /// <returns>The document (dispose it), or <see langword="null"/>.</returns>
    public static JsonDocument? TryParseText(string? text, bool lenient = false, int maxDepth = DefaultMaxDepth)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions
            {
                AllowTrailingCommas = lenient,
                CommentHandling = lenient ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
                MaxDepth = maxDepth,
            });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Decodes a body as UTF-8 text, without a leading byte order mark; invalid bytes become U+FFFD.</summary>
    /// <param name="utf8">The body.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        var bom = Encoding.UTF8.Preamble;
        return Encoding.UTF8.GetString(utf8.StartsWith(bom) ? utf8[bom.Length..] : utf8);
    }

    /// <summary>Finds a property of an object by its exact name, or ignoring case when <paramref name="ignoreCase"/> and no exact match exists.</summary>
    /// <param name="element">The object; anything else has no properties.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="value">The property's value.</param>
    /// <param name="ignoreCase">Whether a name differing only in case matches.</param>
    /// <returns>Whether the property was found.</returns>
    public static bool TryGetProperty(JsonElement element, string name, out JsonElement value, bool ignoreCase = false)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        if (!ignoreCase)
        {
            return false;
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
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>A property that is an object, or <c>default</c> (which has no properties).</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property's name.</param>
    /// <returns>The object, or <c>default</c>.</returns>
    public static JsonElement Child(JsonElement element, string name) =>
        TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    /// <summary>A property as text: a string as written, a number as its JSON text; <see langword="null"/> when absent or of another kind.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="ignoreCase">Whether a name differing only in case matches.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public static string? Text(JsonElement element, string name, bool ignoreCase = false) =>
        TryGetProperty(element, name, out var value, ignoreCase) ? Text(value) : null;

    /// <summary>A value as text: a string as written, a number as its JSON text; <see langword="null"/> for any other kind or an undecodable string.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => StringOrNull(value),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// Reads a result or response code the same way whatever its form: <c>1032</c>, <c>1032.0</c>, <c>"1032"</c> and
    /// <c>" 1032 "</c> are all <c>1032</c>; a code that is not a number (<c>SFC_IC0003</c>) is kept as written, trimmed. A string
    /// is only trimmed, never reinterpreted (<c>"00"</c> stays <c>00</c>).
    /// </summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property's name.</param>
    /// <returns>The code, or <see langword="null"/> when absent, blank or of another kind.</returns>
    public static string? Code(JsonElement element, string name)
    {
        if (!TryGetProperty(element, name, out var value))
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

    /// <summary>A boolean written as <c>true</c>/<c>false</c> or as the strings <c>"true"</c>/<c>"false"</c>; <see langword="null"/> otherwise.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property's name.</param>
    /// <returns>The flag, or <see langword="null"/>.</returns>
    public static bool? Flag(JsonElement element, string name)
    {
        if (!TryGetProperty(element, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(StringOrNull(value)?.Trim(), out var parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>A decimal written as a JSON number, or as a string parsed with <paramref name="stringStyles"/> (invariant culture).</summary>
    /// <param name="value">The value.</param>
    /// <param name="stringStyles">What a string may hold (for example <see cref="NumberStyles.AllowDecimalPoint"/>: no sign, no spaces).</param>
    /// <param name="number">The number.</param>
    /// <returns>Whether a number was read.</returns>
    public static bool TryGetDecimal(JsonElement value, NumberStyles stringStyles, out decimal number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out number) || decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            JsonValueKind.String => decimal.TryParse(StringOrNull(value), stringStyles, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    /// <summary>A property holding a decimal (see <see cref="TryGetDecimal"/>); <see langword="null"/> when absent or not a number.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="stringStyles">What a string may hold.</param>
    /// <param name="ignoreCase">Whether a name differing only in case matches.</param>
    /// <returns>The number, or <see langword="null"/>.</returns>
    public static decimal? Number(JsonElement element, string name, NumberStyles stringStyles, bool ignoreCase = false) =>
        TryGetProperty(element, name, out var value, ignoreCase) && TryGetDecimal(value, stringStyles, out var number) ? number : null;

    /// <summary>A property holding a whole number: a JSON integer, or a string parsed with <paramref name="stringStyles"/>; <see langword="null"/> otherwise.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="stringStyles">What a string may hold (<see cref="NumberStyles.None"/>: digits only).</param>
    /// <returns>The number, or <see langword="null"/>.</returns>
    public static long? WholeNumber(JsonElement element, string name, NumberStyles stringStyles = NumberStyles.None)
    {
        if (!TryGetProperty(element, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(StringOrNull(value), stringStyles, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    /// <summary>A duration in seconds (<c>"expires_in":3599</c> or <c>"3599"</c>), above zero and at most <paramref name="max"/>.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="max">The longest duration believed.</param>
    /// <param name="duration">The duration.</param>
    /// <returns>Whether a duration in range was read.</returns>
    public static bool TryGetSeconds(JsonElement element, string name, TimeSpan max, out TimeSpan duration)
    {
        duration = default;
        var text = Text(element, name)?.Trim();
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > max.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>
    /// Reads an ISO 8601 date and time only when it carries its offset (<c>2026-07-24T06:00:00Z</c>,
    /// <c>2026-07-24T09:00:00+03:00</c>), as UTC; a time without one (<c>2022-04-30T07:41:09.763</c>) is <see langword="null"/>,
    /// because guessing the zone could move it by hours.
    /// </summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <returns>The time, or <see langword="null"/>.</returns>
    public static DateTimeOffset? TimeWithOffset(string? text)
    {
        var t = text?.IndexOf('T', StringComparison.Ordinal) ?? -1;
        if (text is null || t < 0)
        {
            return null;
        }

        var time = text.AsSpan(t + 1);
        var hasOffset = time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.IndexOfAny('+', '-') >= 0;
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    /// <summary>The string, or <see langword="null"/> when it cannot be decoded (for example a lone surrogate escape such as <c>\uD800</c>).</summary>
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
