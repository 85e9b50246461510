namespace Resilience.Payments.Tests.Gateway;

/// <summary>
/// An in-memory store that records every write (create or update) the gateway makes, in order. With
/// <c>roundTrip</c> every record it returns has been through <see cref="PaymentRecordSerializer"/>, as a durable store's are.
/// </summary>
internal sealed class RecordingStore(bool roundTrip = false) : IPaymentStore
{
    private readonly InMemoryPaymentStore _inner = new();
    private readonly List<(string Operation, PaymentRecord Record)> _writes = [];

    public IReadOnlyList<(string Operation, PaymentRecord Record)> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    public IReadOnlyList<(string Operation, PaymentRecord Record)> WritesOf(string key) => Writes.Where(w => w.Record.Key == key).ToList();

    public async ValueTask<PaymentRecord?> GetAsync(string key, CancellationToken cancellationToken) => Out(await _inner.GetAsync(key, cancellationToken));

    public async ValueTask<PaymentRecord?> FindByProviderReferenceAsync(string provider, string providerReference, CancellationToken cancellationToken) =>
        Out(await _inner.FindByProviderReferenceAsync(provider, providerReference, cancellationToken));

    public async ValueTask<(PaymentRecord Record, bool Created)> TryCreateAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        var (stored, created) = await _inner.TryCreateAsync(In(record), cancellationToken);
        if (created)
        {
            Add("create", stored);
        }

        return (Out(stored)!, created);
    }

    public async ValueTask<PaymentRecord?> TryUpdateAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        var stored = await _inner.TryUpdateAsync(In(record), cancellationToken);
        if (stored is not null)
        {
            Add("update", stored);
        }

        return Out(stored);
    }

    public async ValueTask<IReadOnlyList<PaymentRecord>> ClaimDueAsync(PaymentClaim claim, CancellationToken cancellationToken) =>
        (await _inner.ClaimDueAsync(claim, cancellationToken)).Select(r => Out(r)!).ToList();

    public async ValueTask<IReadOnlyList<PaymentRecord>> ListAsync(PaymentQuery query, CancellationToken cancellationToken) =>
        (await _inner.ListAsync(query, cancellationToken)).Select(r => Out(r)!).ToList();

    public ValueTask<IReadOnlyDictionary<PaymentStatus, int>> CountByStatusAsync(CancellationToken cancellationToken) => _inner.CountByStatusAsync(cancellationToken);

    private PaymentRecord In(PaymentRecord record) => roundTrip ? PaymentRecordSerializer.Deserialize(PaymentRecordSerializer.Serialize(record)) : record;

    private PaymentRecord? Out(PaymentRecord? record) => roundTrip && record is not null ? PaymentRecordSerializer.Deserialize(PaymentRecordSerializer.Serialize(record)) : record;

    private void Add(string operation, PaymentRecord record)
    {
        lock (_writes)
        {
            _writes.Add((operation, record));
        }
    }
}
