using System;
using System.Globalization;
using System.Text.Json;
using Resilience.Payments.Json;

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
/// Reads every Airtel body the adapter reads (collection and enquiry answers, callbacks, tokens) with the shared
/// <see cref="ProviderJson"/>: never throws; comments and trailing commas are accepted; codes sent as numbers or strings read
/// alike, trimmed; booleans sent as <c>true</c> or <c>"true"</c> read alike.
/// </summary>
internal static class AirtelJson
{
    private const int MaxDepth = 32;

    /// <summary>Parses a body into a document, or <see langword="null"/> when it is not a JSON object.</summary>
    public static JsonDocument? TryParse(ReadOnlySpan<byte> utf8)
    {
        var document = ProviderJson.TryParse(utf8, lenient: true, MaxDepth);
        if (document is not null && document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return null;
        }

        return document;
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
        var status = ProviderJson.Child(root, "status");
        var transaction = ProviderJson.Child(ProviderJson.Child(root, "data"), "transaction");
        return new AirtelAnswer
        {
            ResultCode = Text(status, "result_code"),
            ResponseCode = Text(status, "response_code"),
            Message = Text(status, "message"),
            Success = ProviderJson.Flag(status, "success"),
            TransactionId = Text(transaction, "id"),
            TransactionStatus = Text(transaction, "status"),
            AirtelMoneyId = Text(transaction, "airtel_money_id"),
            TransactionMessage = Text(transaction, "message"),
            TransactionAmount = Text(transaction, "amount"),
            TransactionCurrency = Text(transaction, "currency"),
            TransactionMsisdn = Text(transaction, "msisdn"),
        };
    }

    /// <summary>A string property, or a number as invariant text, trimmed; <see langword="null"/> otherwise or when blank.</summary>
    public static string? Text(JsonElement element, string name) =>
        ProviderJson.Text(element, name) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    /// <summary>Reads an amount sent as a number or a numeric string (invariant, no thousands separators); <see langword="null"/> otherwise.</summary>
    public static decimal? Amount(string? text) =>
        text is not null && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? amount
            : null;
}
