using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Resilience.Payments.PostgreSql;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// Issue 6 item 6 (item 4 on PostgreSQL): successful payments per second through the gateway over <see cref="PostgreSqlPaymentStore"/>
/// at 1, 16 and 64 concurrent callers, against two raw baselines on the same server: one payment-sized row per transaction
/// (the naive limit) and 64 rows per transaction (near the physical limit). Every figure is per payment (per row for the
/// baselines). Needs PGHOST (run under <c>pg_virtualenv -o fsync=on</c>; without fsync the baselines measure no disk).
/// </summary>
public class PostgreSqlDurableBenchmarks
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
        _bench = new PostgreSqlBench("bench_pg_durable");
        _store = new PostgreSqlPaymentStore(new PostgreSqlPaymentStoreOptions { ConnectionString = _bench.ConnectionString, Schema = _bench.Schema });
        _store.MigrateAsync().GetAwaiter().GetResult();
        _gateway = DurableBench.NewGateway(_store, new DurableBench.InstantProvider());
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

    /// <summary>Successful payments through the gateway, from <see cref="Callers"/> concurrent callers.</summary>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public Task GatewayPayments() =>
        DurableBench.PayBatchAsync(_gateway!, Callers, "ok", PaymentStatus.Succeeded, () => Interlocked.Increment(ref _next));
}
