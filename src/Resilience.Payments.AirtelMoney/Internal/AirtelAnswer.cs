using System;
using System.Globalization;
using System.Text.Json;

namespace Resilience.Payments.AirtelMoney.Internal;

/// <summary>The parts of an Airtel answer the adapter reads; every field optional, wrong types ignored.</summary>
internal sealed record AirtelAnswer
{
    /// <summary><c>status.result_code</c>.</summary>
    public string? ResultCode { get; init; }

    /// <summary><c>status.response_code</c>.</summary>
    public string? ResponseCode { get; init; }

    /// <summary><c>status.message</c>.</summary>
    public string? Message { get; init; }

    /// <summary><c>status.success</c>.</summary>
    public bool? Success { get; init; }

    /// <summary><c>data.transaction.id</c>.</summary>
    public string? TransactionId { get; init; }

    /// <summary><c>data.transaction.status</c>.</summary>
    public string? TransactionStatus { get; init; }

    /// <summary><c>data.transaction.airtel_money_id</c>.</summary>
    public string? AirtelMoneyId { get; init; }

    /// <summary><c>data.transaction.message</c>.</summary>
    public string? TransactionMessage { get; init; }
}

/// <summary>Tolerant reading of Airtel JSON: never throws, numbers and strings both read as text.</summary>
internal static class AirtelJson
{
    private const int MaxDepth = 32;

    /// <summary>Parses a body into a document, or <see langword="null"/> when it is not a JSON object.</summary>
    public static JsonDocument? TryParse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return null;
            }

            return document;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null; // invalid UTF-8 on some paths
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Reads an answer (collection or enquiry response), or <see langword="null"/> when the body is not a JSON object.</summary>
    public static AirtelAnswer? TryRead(ReadOnlySpan<byte> utf8)
    {
        using var document = TryParse(utf8);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        var status = Object(root, "status");
        var transaction = Object(Object(root, "data"), "transaction");
        return new AirtelAnswer
        {
            ResultCode = Text(status, "result_code"),
            ResponseCode = Text(status, "response_code"),
            Message = Text(status, "message"),
            Success = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("success", out var success) && success.ValueKind is JsonValueKind.True or JsonValueKind.False ? success.GetBoolean() : null,
            TransactionId = Text(transaction, "id"),
            TransactionStatus = Text(transaction, "status"),
            AirtelMoneyId = Text(transaction, "airtel_money_id"),
            TransactionMessage = Text(transaction, "message"),
        };
    }

    /// <summary>A property that is an object, or <c>default</c>.</summary>
    public static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    /// <summary>A string property, or a number as invariant text; <see langword="null"/> otherwise.</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        try
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return null; // a string that is not valid UTF-8 (the reader validates structure, not string contents)
        }
    }

    /// <summary>Reads <c>expires_in</c> (a number or a string of seconds).</summary>
    public static bool TryExpiresIn(JsonElement element, out TimeSpan expiresIn)
    {
        expiresIn = default;
        var text = Text(element, "expires_in");
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 366 * 24 * 3600)
        {
            return false;
        }

        expiresIn = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
