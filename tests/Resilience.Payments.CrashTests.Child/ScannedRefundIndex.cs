namespace Resilience.Payments.CrashTests;

/// <summary>
/// The refund look-ups (<see cref="IRefundStore"/>) over a durable store that does not index refunds yet, by scanning its records:
/// a stop-gap for the crash test only (a round holds 40 payments), used while the SQLite store lacks <see cref="IRefundStore"/>
/// (<see cref="ChildStore.Open"/> uses the store itself once it has it). The refunds themselves live in the payment records, which
/// the store writes with compare-and-swap, so the durability under test is the store's own. It cannot refuse a refund key already
/// used by another payment, which the child never does: its refund keys begin with their payment's key, which is also how a refund key
/// is found.
/// </summary>
internal sealed class ScannedRefundIndex(IPaymentStore inner) : IPaymentStore, IRefundStore
{
    public ValueTask<PaymentRecord?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public ValueTask<PaymentRecord?> FindByProviderReferenceAsync(string provider, string providerReference, CancellationToken cancellationToken) =>
        inner.FindByProviderReferenceAsync(provider, providerReference, cancellationToken);

    public ValueTask<(PaymentRecord Record, bool Created)> TryCreateAsync(PaymentRecord record, CancellationToken cancellationToken) => inner.TryCreateAsync(record, cancellationToken);

    public ValueTask<PaymentRecord?> TryUpdateAsync(PaymentRecord record, CancellationToken cancellationToken) => inner.TryUpdateAsync(record, cancellationToken);

    public ValueTask<IReadOnlyList<PaymentRecord>> ClaimDueAsync(PaymentClaim claim, CancellationToken cancellationToken) => inner.ClaimDueAsync(claim, cancellationToken);

    public ValueTask<IReadOnlyList<PaymentRecord>> ListAsync(PaymentQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public ValueTask<IReadOnlyDictionary<PaymentStatus, int>> CountByStatusAsync(CancellationToken cancellationToken) => inner.CountByStatusAsync(cancellationToken);

    /// <summary>The child's refund keys begin with their payment's key (<c>{key}:r1</c>, the gateway's <c>{key}:reverse:{n}</c>): one read.</summary>
    public async ValueTask<PaymentRecord?> FindByRefundKeyAsync(string refundKey, CancellationToken cancellationToken)
    {
        var colon = refundKey.IndexOf(':', StringComparison.Ordinal);
        var record = colon > 0 ? await inner.GetAsync(refundKey[..colon], cancellationToken) : null;
        return record?.FindRefund(refundKey) is null ? null : record;
    }

    public async ValueTask<PaymentRecord?> FindByRefundReferenceAsync(string provider, string reference, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).FirstOrDefault(r => r.Refunds.Any(f =>
            string.Equals(f.Provider, provider, StringComparison.OrdinalIgnoreCase) && (f.Reference == reference || f.ProviderReference == reference)));

    public async ValueTask<IReadOnlyList<PaymentRecord>> ListByAccountReferenceAsync(string accountReference, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken))
            .Where(r => r.Request.AccountReference == accountReference && r.CreatedAt >= since)
            .OrderBy(r => r.CreatedAt)
            .Take(limit)
            .ToList();

    private async Task<List<PaymentRecord>> AllAsync(CancellationToken cancellationToken)
    {
        var all = new List<PaymentRecord>();
        string? after = null;
        while (true)
        {
            var page = await inner.ListAsync(new PaymentQuery { AfterKey = after, Limit = 500 }, cancellationToken);
            all.AddRange(page);
            if (page.Count < 500)
            {
                return all;
            }

            after = page[^1].Key;
        }
    }
}
