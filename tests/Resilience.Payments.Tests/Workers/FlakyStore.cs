namespace Resilience.Payments.Tests.Workers;

/// <summary>An in-memory store whose first <c>failures</c> claims throw, as a briefly unreachable database would.</summary>
internal sealed class FlakyStore(int failures) : IPaymentStore
{
    private readonly int _failures = failures;
    private readonly InMemoryPaymentStore _inner = new();
    private int _remaining = failures;

    public int FailedClaims => _failures - Math.Max(0, Volatile.Read(ref _remaining));

    public ValueTask<PaymentRecord?> GetAsync(string key, CancellationToken cancellationToken) => _inner.GetAsync(key, cancellationToken);

    public ValueTask<PaymentRecord?> FindByProviderReferenceAsync(string provider, string providerReference, CancellationToken cancellationToken) =>
        _inner.FindByProviderReferenceAsync(provider, providerReference, cancellationToken);

    public ValueTask<(PaymentRecord Record, bool Created)> TryCreateAsync(PaymentRecord record, CancellationToken cancellationToken) => _inner.TryCreateAsync(record, cancellationToken);

    public ValueTask<PaymentRecord?> TryUpdateAsync(PaymentRecord record, CancellationToken cancellationToken) => _inner.TryUpdateAsync(record, cancellationToken);

    public ValueTask<IReadOnlyList<PaymentRecord>> ClaimDueAsync(PaymentClaim claim, CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _remaining) >= 0
            ? throw new InvalidOperationException("the store is unreachable")
            : _inner.ClaimDueAsync(claim, cancellationToken);

    public ValueTask<IReadOnlyList<PaymentRecord>> ListAsync(PaymentQuery query, CancellationToken cancellationToken) => _inner.ListAsync(query, cancellationToken);

    public ValueTask<IReadOnlyDictionary<PaymentStatus, int>> CountByStatusAsync(CancellationToken cancellationToken) => _inner.CountByStatusAsync(cancellationToken);
}
