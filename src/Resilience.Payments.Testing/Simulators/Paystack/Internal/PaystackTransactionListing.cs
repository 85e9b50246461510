namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>
/// Paystack's read-only views over many transactions: <c>GET /transaction</c> (List Transactions: newest first, offset pagination
/// with <c>perPage</c> (default 50) and <c>page</c>, filtered by <c>status</c>, <c>customer</c>, <c>amount</c>, <c>currency</c>,
/// <c>from</c> and <c>to</c>; <c>meta</c> with <c>total</c>, <c>skipped</c>, <c>perPage</c>, <c>page</c>, <c>pageCount</c> and
/// <c>total_volume</c>) and <c>GET /transaction/totals</c> (what was received: successful transactions, by currency). Sources:
/// paystack.com/docs/api/transaction (List Transactions, Transaction Totals) and paystack.com/docs/api/pagination.
/// </summary>
internal static class PaystackTransactionListing
{
    private const int DefaultPerPage = 50;

    /// <summary><c>GET /transaction</c>.</summary>
    /// <param name="transactions">Every transaction with its JSON, in any order.</param>
    /// <param name="query">The request's query value by name (null when absent).</param>
    /// <returns>The page, or a 400 naming the parameter that is not valid.</returns>
    public static ResponseMessage List(IReadOnlyList<(PaystackEntry Entry, JsonObject Json)> transactions, Func<string, string?> query)
    {
        if (!TryNumber(query("perPage"), DefaultPerPage, out var perPage) || perPage < 1)
        {
            return PaystackApi.Refuse(400, "perPage must be a positive number");
        }

        if (!TryNumber(query("page"), 1, out var page) || page < 1)
        {
            return PaystackApi.Refuse(400, "page must be a positive number");
        }

        if (Period(query, out var from, out var to) is { } invalid)
        {
            return invalid;
        }

        var status = query("status");
        var customer = query("customer");
        var amount = query("amount");
        var currency = query("currency");
        var matching = transactions
            .Where(t => status is null || string.Equals(t.Entry.Status, status, StringComparison.OrdinalIgnoreCase))
            .Where(t => customer is null || t.Entry.CustomerId.ToString(CultureInfo.InvariantCulture) == customer)
            .Where(t => amount is null || t.Entry.AmountMinor.ToString(CultureInfo.InvariantCulture) == amount)
            .Where(t => currency is null || string.Equals(t.Entry.Currency, currency, StringComparison.OrdinalIgnoreCase))
            .Where(t => from is null || t.Entry.CreatedAt >= from)
            .Where(t => to is null || t.Entry.CreatedAt <= to)
            .OrderByDescending(t => t.Entry.Id)
            .ToList();
        var skipped = (long)(page - 1) * perPage;
        var items = new JsonArray();
        var volume = 0L;
        foreach (var (entry, json) in matching.Skip((int)Math.Min(skipped, int.MaxValue)).Take(perPage))
        {
            items.Add(json);
            volume += entry.AmountMinor;
        }

        return PaystackApi.Respond(200, new JsonObject
        {
            ["status"] = true,
            ["message"] = "Transactions retrieved",
            ["data"] = items,
            ["meta"] = new JsonObject
            {
                ["total"] = matching.Count,
                ["total_volume"] = volume,
                ["skipped"] = skipped,
                ["perPage"] = perPage,
                ["page"] = page,
                ["pageCount"] = (matching.Count + perPage - 1) / perPage,
            },
        });
    }

    /// <summary><c>GET /transaction/totals</c>: the successful transactions' count and volume, by currency, between <c>from</c> and <c>to</c> when given.</summary>
    /// <param name="transactions">Every transaction with its JSON, in any order.</param>
    /// <param name="query">The request's query value by name (null when absent).</param>
    /// <returns>The totals, or a 400 naming the date that is not valid.</returns>
    public static ResponseMessage Totals(IReadOnlyList<(PaystackEntry Entry, JsonObject Json)> transactions, Func<string, string?> query)
    {
        if (Period(query, out var from, out var to) is { } invalid)
        {
            return invalid;
        }

        var received = transactions.Select(t => t.Entry)
            .Where(e => e.Status == "success" && (from is null || e.CreatedAt >= from) && (to is null || e.CreatedAt <= to))
            .ToList();
        var byCurrency = new JsonArray();
        foreach (var group in received.GroupBy(e => e.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            byCurrency.Add(new JsonObject { ["currency"] = group.Key, ["amount"] = group.Sum(e => e.AmountMinor) });
        }

        return PaystackApi.Ok("Transaction totals", new JsonObject
        {
            ["total_transactions"] = received.Count,
            ["unique_customers"] = received.Select(e => e.CustomerId).Distinct().Count(),
            ["total_volume"] = received.Sum(e => e.AmountMinor),
            ["total_volume_by_currency"] = byCurrency,
            ["pending_transfers"] = 0,
            ["pending_transfers_by_currency"] = new JsonArray(),
        });
    }

    /// <summary>Reads <c>from</c> and <c>to</c>; a refusal naming the one that is not a date, else null.</summary>
    private static ResponseMessage? Period(Func<string, string?> query, out DateTimeOffset? from, out DateTimeOffset? to)
    {
        to = null;
        if (!TryDate(query("from"), endOfDay: false, out from))
        {
            return PaystackApi.Refuse(400, "from must be a date, such as 2016-09-24T00:00:05.000Z or 2016-09-21");
        }

        return TryDate(query("to"), endOfDay: true, out to) ? null : PaystackApi.Refuse(400, "to must be a date, such as 2016-09-24T00:00:05.000Z or 2016-09-21");
    }

    private static bool TryNumber(string? text, int fallback, out int value)
    {
        value = fallback;
        return text is null || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// An ISO 8601 time (UTC when it names no offset, as <c>toISOString()</c> without its <c>Z</c>), or a date alone (from its first
    /// moment, or with <paramref name="endOfDay"/> to its last).
    /// </summary>
    private static bool TryDate(string? text, bool endOfDay, out DateTimeOffset? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        // Some clients escape the query value twice (paystack-node@0.3.0 sends from=2020-01-01T00%253A00%253A00.000): read it once more.
        if (text.Contains('%', StringComparison.Ordinal) && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            text = Uri.UnescapeDataString(text);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = endOfDay && text.Length == 10 ? parsed.AddDays(1).AddTicks(-1) : parsed;
            return true;
        }

        return false;
    }
}
