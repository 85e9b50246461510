using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Resilience.Payments.PostgreSql;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// Issue 6 item 6 (item 5 on PostgreSQL): an outage flood over <see cref="PostgreSqlPaymentStore"/>. Every provider is down
/// (circuits opened in setup), so every payment is queued durably; payments per second at 1, 16 and 64 callers against the
/// same two raw baselines as <see cref="PostgreSqlDurableBenchmarks"/>. Needs PGHOST (run under <c>pg_virtualenv -o fsync=on</c>).
/// </summary>
public class PostgreSqlOutageFloodBenchmarks : PostgreSqlBenchmarksBase
{
    /// <summary>Payments queued durably by the gateway with every provider down, from <see cref="PostgreSqlBenchmarksBase.Callers"/> concurrent callers.</summary>
    /// <returns>A task.</returns>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public Task GatewayQueuedPayments() => DurableBench.PayBatchAsync(Gateway!, Callers, "flood", PaymentStatus.Queued, NextKey);

    /// <inheritdoc />
    protected override string SchemaName => "bench_pg_flood";

    /// <inheritdoc />
    protected override PaymentGateway CreateGateway(PostgreSqlPaymentStore store)
    {
        var gateway = DurableBench.NewGateway(store, new DurableBench.DownProvider("daraja"), new DurableBench.DownProvider("paystack"));

        // Open both circuits: from here on every payment is queued without a provider call (but half-open probes).
        DurableBench.PayBatchAsync(gateway, 1, "open", PaymentStatus.Queued, NextKey).GetAwaiter().GetResult();
        return gateway;
    }
}
