namespace Resilience.Payments.Sqlite.Tests;

/// <summary>
/// Holds the store's single writer inside a first batch (one operation on <see cref="GateKey"/>) so a test can queue other
/// writes behind it and know exactly how they will be batched: everything queued meanwhile goes into the next batches.
/// </summary>
internal sealed class WriterGate : IDisposable
{
    public const string GateKey = "gate";

    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly SqlitePaymentStore _store;

    public WriterGate(SqlitePaymentStore store, Action<Internal.WriteOperation>? afterEachOperation = null)
    {
        _store = store;
        store.Writer.AfterExecute = operation =>
        {
            if (operation.Key == GateKey)
            {
                _entered.Set();
                if (!_release.Wait(TimeSpan.FromSeconds(30)))
                {
                    throw new TimeoutException("The test never released the writer gate.");
                }
            }

            afterEachOperation?.Invoke(operation);
        };
    }

    public Task<(PaymentRecord Record, bool Created)> GateWrite { get; private set; } = Task.FromResult<(PaymentRecord, bool)>(default);

    /// <summary>Queues the gate write and waits until the writer is blocked inside it.</summary>
    public void Close()
    {
        GateWrite = _store.TryCreateAsync(Records.Minimal(GateKey), CancellationToken.None).AsTask();
        Assert.True(_entered.Wait(TimeSpan.FromSeconds(30)), "The writer never reached the gate.");
    }

    public void Open() => _release.Set();

    public void Dispose()
    {
        _release.Set();
        _entered.Dispose();
        _release.Dispose();
    }
}
