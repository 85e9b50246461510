using System.Threading;
using BenchmarkDotNet.Attributes;
using Resilience.Payments.PostgreSql;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// What the PostgreSQL durable-path classes share: a <see cref="PostgreSqlPaymentStore"/> in a fresh schema, the two raw
/// baselines on the same server, <see cref="Callers"/>, and unique payment keys. Each derived class adds its gateway and its
/// benchmark. Needs PGHOST (run under <c>pg_virtualenv -o fsync=on</c>; without fsync the baselines measure no disk).
/// </summary>
public abstract class PostgreSqlBenchmarksBase
{
    private PostgreSqlBench? _bench;
    private PostgreSqlPaymentStore? _store;
    private long _next;

    /// <summary>Gets or sets the concurrent callers of the gateway (the baselines run on one connection whatever the value).</summary>
    [Params(1, 16, 64)]
    public int Callers { get; set; }

    /// <summary>Gets the gateway under measurement.</summary>
    protected PaymentGateway? Gateway { get; private set; }

    /// <summary>Creates the schema, the store, the gateway and the baselines' table.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bench = new PostgreSqlBench(SchemaName);
        _store = new PostgreSqlPaymentStore(new PostgreSqlPaymentStoreOptions { ConnectionString = _bench.ConnectionString, Schema = _bench.Schema });
        _store.MigrateAsync().GetAwaiter().GetResult();
        Gateway = CreateGateway(_store);
        _bench.UseDocument(DurableBench.SampleDocumentAsync(Gateway, _store, "sample-payment").GetAwaiter().GetResult());
    }

    /// <summary>Disposes everything and drops the schema.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Gateway?.Dispose();
        _store?.Dispose();
        _bench?.Dispose();
    }

    /// <summary>Raw inserts, one row per transaction: the naive limit.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public void NaiveRowPerTransaction() => _bench!.Insert(DurableBench.PaymentsPerOperation, 1);

    /// <summary>Raw inserts, 64 rows per transaction: near the physical limit.</summary>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public void Batched64RowsPerTransaction() => _bench!.Insert(DurableBench.PaymentsPerOperation, DurableBench.BatchedRows);

    /// <summary>Gets the name of the schema the class works in.</summary>
    protected abstract string SchemaName { get; }

    /// <summary>Creates the gateway over <paramref name="store"/>, ready to measure.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The gateway.</returns>
    protected abstract PaymentGateway CreateGateway(PostgreSqlPaymentStore store);

    /// <summary>Returns a number never used before in this process, for unique payment keys.</summary>
    /// <returns>The number.</returns>
    protected long NextKey() => Interlocked.Increment(ref _next);
}
