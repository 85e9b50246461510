using System.IO;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Resilience.Payments.Sqlite;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// What the SQLite durable-path classes share: a <see cref="SqlitePaymentStore"/> file and the two raw-SQLite baselines in one
/// fresh directory, <see cref="Callers"/>, and unique payment keys. Each derived class adds its gateway and its benchmark.
/// </summary>
public abstract class SqliteBenchmarksBase
{
    private string? _directory;
    private SqlitePaymentStore? _store;
    private SqliteRawInserter? _raw;
    private long _next;

    /// <summary>Gets or sets the concurrent callers of the gateway (the baselines run on one connection whatever the value).</summary>
    [Params(1, 16, 64)]
    public int Callers { get; set; }

    /// <summary>Gets the gateway under measurement.</summary>
    protected PaymentGateway? Gateway { get; private set; }

    /// <summary>Creates the store, the gateway and the baselines' database.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = DurableBench.NewDirectory(DirectoryName);
        _store = new SqlitePaymentStore(new SqlitePaymentStoreOptions { ConnectionString = "Data Source=" + Path.Combine(_directory, "payments.db") });
        Gateway = CreateGateway(_store);
        var document = DurableBench.SampleDocumentAsync(Gateway, _store, "sample-payment").GetAwaiter().GetResult();
        _raw = new SqliteRawInserter(Path.Combine(_directory, "baseline.db"), document);
    }

    /// <summary>Disposes everything and deletes the directory.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Gateway?.Dispose();
        _store?.Dispose();
        _raw?.Dispose();
        DurableBench.DeleteDirectory(_directory);
    }

    /// <summary>Raw inserts, one row per transaction, <c>synchronous=FULL</c>: the naive limit.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public void NaiveRowPerTransaction() => _raw!.Insert(DurableBench.PaymentsPerOperation, 1);

    /// <summary>Raw inserts, 64 rows per transaction: near the physical limit.</summary>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public void Batched64RowsPerTransaction() => _raw!.Insert(DurableBench.PaymentsPerOperation, DurableBench.BatchedRows);

    /// <summary>Gets the name of the temporary directory.</summary>
    protected abstract string DirectoryName { get; }

    /// <summary>Creates the gateway over <paramref name="store"/>, ready to measure.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The gateway.</returns>
    protected abstract PaymentGateway CreateGateway(SqlitePaymentStore store);

    /// <summary>Returns a number never used before in this process, for unique payment keys.</summary>
    /// <returns>The number.</returns>
    protected long NextKey() => Interlocked.Increment(ref _next);
}
