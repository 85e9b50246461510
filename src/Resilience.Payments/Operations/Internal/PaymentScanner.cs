using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.Operations.Internal;

/// <summary>Reads every payment a query matches, page by page (the store's paging by creation time and key), keeping those a filter accepts.</summary>
internal static class PaymentScanner
{
    private const int PageSize = 500;

    public static async Task<List<PaymentRecord>> ScanAsync(IPaymentStore store, PaymentQuery query, Func<PaymentRecord, bool> keep, CancellationToken cancellationToken)
    {
        var kept = new List<PaymentRecord>();
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(query with { AfterKey = after, Limit = PageSize }, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                if (keep(record))
                {
                    kept.Add(record);
                }
            }

            if (page.Count < PageSize)
            {
                return kept;
            }

            after = page[^1].Key;
        }
    }

    /// <summary>Returns at most <paramref name="limit"/> items after the one whose key is <paramref name="afterKey"/> (all when it is not among them).</summary>
    public static IReadOnlyList<T> Page<T>(IReadOnlyList<T> ordered, Func<T, string> key, int limit, string? afterKey)
    {
        var start = 0;
        if (afterKey is not null)
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                if (string.Equals(key(ordered[i]), afterKey, StringComparison.Ordinal))
                {
                    start = i + 1;
                }
            }
        }

        var page = new List<T>(Math.Min(limit, Math.Max(0, ordered.Count - start)));
        for (var i = start; i < ordered.Count && page.Count < limit; i++)
        {
            page.Add(ordered[i]);
        }

        return page;
    }
}
