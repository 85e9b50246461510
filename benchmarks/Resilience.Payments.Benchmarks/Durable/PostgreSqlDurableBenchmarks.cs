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
public class PostgreSqlDurableBenchmarks : PostgreSqlBenchmarksBase
{
    /// <summary>Successful payments through the gateway, from <see cref="PostgreSqlBenchmarksBase.Callers"/> concurrent callers.</summary>
    /// <returns>A task.</returns>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public Task GatewayPayments() => DurableBench.PayBatchAsync(Gateway!, Callers, "ok", PaymentStatus.Succeeded, NextKey);

    /// <inheritdoc />
    protected override string SchemaName => "bench_pg_durable";

    /// <inheritdoc />
    protected override PaymentGateway CreateGateway(PostgreSqlPaymentStore store) => DurableBench.NewGateway(store, new DurableBench.InstantProvider());
}
