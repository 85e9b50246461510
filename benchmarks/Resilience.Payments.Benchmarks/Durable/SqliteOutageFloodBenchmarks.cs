using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Resilience.Payments.Sqlite;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// Issue 6 item 5: an outage flood over <see cref="SqlitePaymentStore"/>. Every provider is down (their circuits opened in
/// setup), so every payment is queued durably (create, then the Queued write); payments per second at 1, 16 and 64 callers
/// against the same two raw-SQLite baselines as <see cref="SqliteDurableBenchmarks"/>, with rows of a queued payment's size.
/// </summary>
public class SqliteOutageFloodBenchmarks
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
        _directory = DurableBench.NewDirectory("sqlite-flood");
        _store = new SqlitePaymentStore(new SqlitePaymentStoreOptions { ConnectionString = "Data Source=" + Path.Combine(_directory, "payments.db") });
        _gateway = DurableBench.NewGateway(_store, new DurableBench.DownProvider("daraja"), new DurableBench.DownProvider("paystack"));

        // Open both circuits (minimum throughput 5): from here on every payment is queued without a provider call,
        // but for a half-open probe when a break ends.
        DurableBench.PayBatchAsync(_gateway, 1, "open", PaymentStatus.Queued, () => Interlocked.Increment(ref _next)).GetAwaiter().GetResult();
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

    /// <summary>Payments queued durably by the gateway with every provider down, from <see cref="Callers"/> concurrent callers.</summary>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public Task GatewayQueuedPayments() =>
        DurableBench.PayBatchAsync(_gateway!, Callers, "flood", PaymentStatus.Queued, () => Interlocked.Increment(ref _next));
}
