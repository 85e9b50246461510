using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Resilience.Payments.Sqlite;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// Issue 6 item 4: successful payments per second through the gateway over <see cref="SqlitePaymentStore"/>
/// (<c>synchronous=FULL</c>, group commit) at 1, 16 and 64 concurrent callers, against two raw-SQLite baselines in the same
/// directory: one payment-sized row per transaction (the naive limit: one fsync per row) and 64 rows per transaction (near the
/// physical limit). Every figure is per payment (per row for the baselines): each operation is
/// <see cref="DurableBench.PaymentsPerOperation"/> of them.
/// </summary>
/// <remarks>A successful payment is three store writes (create, attempt, outcome), each acknowledged only after its commit.</remarks>
public class SqliteDurableBenchmarks
{
    private string? _directory;
    private SqlitePaymentStore? _store;
    private PaymentGateway? _gateway;
    private SqliteRawInserter? _raw;
    private long _next;

    /// <summary>Gets or sets the concurrent callers of the gateway (the baselines run on one connection whatever the value).</summary>
    [Params(1, 16, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = DurableBench.NewDirectory("sqlite-durable");
        _store = new SqlitePaymentStore(new SqlitePaymentStoreOptions { ConnectionString = "Data Source=" + Path.Combine(_directory, "payments.db") });
        _gateway = DurableBench.NewGateway(_store, new DurableBench.InstantProvider());
        var document = DurableBench.SampleDocumentAsync(_gateway, _store, "sample-payment").GetAwaiter().GetResult();
        _raw = new SqliteRawInserter(Path.Combine(_directory, "baseline.db"), document);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gateway?.Dispose();
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

    /// <summary>Successful payments through the gateway, from <see cref="Callers"/> concurrent callers.</summary>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public Task GatewayPayments() =>
        DurableBench.PayBatchAsync(_gateway!, Callers, "ok", PaymentStatus.Succeeded, () => Interlocked.Increment(ref _next));
}
