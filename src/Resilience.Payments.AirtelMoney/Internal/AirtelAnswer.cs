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

    /// <summary><c>data.transaction.amount</c> (a number or a numeric string), when the answer carries one; Airtel's published samples do not.</summary>
    public string? TransactionAmount { get; init; }

    /// <summary><c>data.transaction.currency</c>, when the answer carries one.</summary>
    public string? TransactionCurrency { get; init; }

    /// <summary><c>data.transaction.msisdn</c> (the payer), when the answer carries one.</summary>
    public string? TransactionMsisdn { get; init; }
}

/// <summary>
/// The one tolerant reader of every Airtel body the adapter reads (collection and enquiry answers, callbacks, tokens): never
/// throws; comments and trailing commas are accepted; codes sent as numbers or strings read alike, trimmed; booleans sent as
/// <c>true</c> or <c>"true"</c> read alike.
/// </summary>
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
            Success = Flag(status, "success"),
            TransactionId = Text(transaction, "id"),
            TransactionStatus = Text(transaction, "status"),
            AirtelMoneyId = Text(transaction, "airtel_money_id"),
            TransactionMessage = Text(transaction, "message"),
            TransactionAmount = Text(transaction, "amount"),
            TransactionCurrency = Text(transaction, "currency"),
            TransactionMsisdn = Text(transaction, "msisdn"),
        };
    }

    /// <summary>A property that is an object, or <c>default</c>.</summary>
    public static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    /// <summary>A string property, or a number as invariant text, trimmed; <see langword="null"/> otherwise or when blank.</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        try
        {
            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }
        catch (InvalidOperationException)
        {
            return null; // a string that is not valid UTF-8 (the reader validates structure, not string contents)
        }
    }

    /// <summary>A boolean property sent as <c>true</c>/<c>false</c> or as the strings <c>"true"</c>/<c>"false"</c>; <see langword="null"/> otherwise.</summary>
    public static bool? Flag(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(Text(element, name), out var parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>Reads an amount sent as a number or a numeric string (invariant, no thousands separators); <see langword="null"/> otherwise.</summary>
    public static decimal? Amount(string? text) =>
        text is not null && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? amount
            : null;

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
