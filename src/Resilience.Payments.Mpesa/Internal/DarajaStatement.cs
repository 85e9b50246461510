using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Resilience.Payments.Json;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>One entry of the short code's statement (Pull Transactions API).</summary>
internal sealed record DarajaStatementEntry(string TransactionId, DateTimeOffset Time, string? Msisdn, string? BillReference, decimal Amount);

/// <summary>
/// Reads Pull Transactions pages and matches an unanswered STK push to its statement entry: the same account reference and
/// amount, the same payer when the statement shows the number unmasked, within the push's time window.
/// </summary>
internal static class DarajaStatement
{
    /// <summary>How long before the push's start a statement entry may be stamped (clocks differ).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>Reads one page: <c>{"ResponseCode":"1000","Response":[[{...}]]}</c>. Entries it cannot read are skipped.</summary>
    /// <returns><see langword="false"/> when the body is not a successful Pull Transactions answer.</returns>
    public static bool TryReadPage(JsonElement root, List<DarajaStatementEntry> entries, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the answer is not a JSON object";
            return false;
        }

        var code = ProviderJson.Text(root, "ResponseCode");
        if (ProviderJson.Text(root, "errorCode") is { } errorCode)
        {
            error = $"{errorCode}: {ProviderJson.Text(root, "errorMessage")}";
            return false;
        }

        if (code is not ("1000" or "0"))
        {
            error = $"ResponseCode {code ?? "missing"}: {ProviderJson.Text(root, "ResponseMessage")}";
            return false;
        }

        if (!root.TryGetProperty("Response", out var response))
        {
            return true; // no transactions in the window
        }

        Collect(response, entries, depth: 0);
        return true;
    }

    /// <summary>Finds the statement entries an unanswered push could have produced.</summary>
    public static List<DarajaStatementEntry> Match(IEnumerable<DarajaStatementEntry> entries, string accountReference, decimal amount, string msisdn, DateTimeOffset startedAt, DateTimeOffset until)
    {
        var matches = new List<DarajaStatementEntry>();
        foreach (var entry in entries)
        {
            if (entry.Amount != amount
                || !string.Equals(entry.BillReference?.Trim(), accountReference.Trim(), StringComparison.OrdinalIgnoreCase)
                || entry.Time < startedAt - ClockSkew
                || entry.Time > until)
            {
                continue;
            }

            var shown = UnmaskedMsisdn(entry); // masked or hashed numbers cannot be compared
            if (shown is not null && !string.Equals(shown, msisdn, StringComparison.Ordinal))
            {
                continue;
            }

            if (!matches.Exists(m => string.Equals(m.TransactionId, entry.TransactionId, StringComparison.Ordinal)))
            {
                matches.Add(entry);
            }
        }

        return matches;
    }

    /// <summary>The payer's number as the statement shows it, when it shows it whole (12 digits); <see langword="null"/> when masked or hashed.</summary>
    public static string? UnmaskedMsisdn(DarajaStatementEntry entry) => entry.Msisdn is { Length: 12 } digits && IsDigits(digits) ? digits : null;

    private static void Collect(JsonElement element, List<DarajaStatementEntry> entries, int depth)
    {
        if (depth > 3)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, entries, depth + 1);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var id = ProviderJson.Text(element, "transactionId");
        var amountText = ProviderJson.Text(element, "amount");
        if (string.IsNullOrWhiteSpace(id)
            || !decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            || !DarajaTimestamp.TryParseStatement(ProviderJson.Text(element, "trxDate"), out var time))
        {
            return;
        }

        entries.Add(new DarajaStatementEntry(id, time, ProviderJson.Text(element, "msisdn"), ProviderJson.Text(element, "billreference"), amount));
    }

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
