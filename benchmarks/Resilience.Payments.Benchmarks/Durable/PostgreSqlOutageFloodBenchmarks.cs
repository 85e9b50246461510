using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Resilience.Payments.PostgreSql;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// Issue 6 item 6 (item 5 on PostgreSQL): an outage flood over <see cref="PostgreSqlPaymentStore"/>. Every provider is down
/// (circuits opened in setup), so every payment is queued durably; payments per second at 1, 16 and 64 callers against the
/// same two raw baselines as <see cref="PostgreSqlDurableBenchmarks"/>. Needs PGHOST (run under <c>pg_virtualenv -o fsync=on</c>).
/// </summary>
public class PostgreSqlOutageFloodBenchmarks
{
    private PostgreSqlBench? _bench;
    private PostgreSqlPaymentStore? _store;
    private PaymentGateway? _gateway;
    private long _next;

    /// <summary>Gets or sets the concurrent callers of the gateway (the baselines run on one connection whatever the value).</summary>
    [Params(1, 16, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _bench = new PostgreSqlBench("bench_pg_flood");
        _store = new PostgreSqlPaymentStore(new PostgreSqlPaymentStoreOptions { ConnectionString = _bench.ConnectionString, Schema = _bench.Schema });
        _store.MigrateAsync().GetAwaiter().GetResult();
        _gateway = DurableBench.NewGateway(_store, new DurableBench.DownProvider("daraja"), new DurableBench.DownProvider("paystack"));
        // Open both circuits: from here on every payment is queued without a provider call (but half-open probes).
        DurableBench.PayBatchAsync(_gateway, 1, "open", PaymentStatus.Queued, () => Interlocked.Increment(ref _next)).GetAwaiter().GetResult();
        _bench.UseDocument(DurableBench.SampleDocumentAsync(_gateway, _store, "sample-payment").GetAwaiter().GetResult());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gateway?.Dispose();
        _store?.Dispose();
        _bench?.Dispose();
    }

    /// <summary>Raw inserts, one row per transaction: the naive limit.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public void NaiveRowPerTransaction() => _bench!.Insert(DurableBench.PaymentsPerOperation, 1);

    /// <summary>Raw inserts, 64 rows per transaction: near the physical limit.</summary>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public void Batched64RowsPerTransaction() => _bench!.Insert(DurableBench.PaymentsPerOperation, DurableBench.BatchedRows);

    /// <summary>Payments queued durably by the gateway with every provider down, from <see cref="Callers"/> concurrent callers.</summary>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public Task GatewayQueuedPayments() =>
        DurableBench.PayBatchAsync(_gateway!, Callers, "flood", PaymentStatus.Queued, () => Interlocked.Increment(ref _next));
}
