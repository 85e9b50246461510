using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Resilience.Payments.Sqlite;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// Issue 6 item 5: an outage flood over <see cref="SqlitePaymentStore"/>. Every provider is down (their circuits opened in
/// setup), so every payment is queued durably (create, then the Queued write); payments per second at 1, 16 and 64 callers
/// against the same two raw-SQLite baselines as <see cref="SqliteDurableBenchmarks"/>, with rows of a queued payment's size.
/// </summary>
public class SqliteOutageFloodBenchmarks : SqliteBenchmarksBase
{
    /// <summary>Payments queued durably by the gateway with every provider down, from <see cref="SqliteBenchmarksBase.Callers"/> concurrent callers.</summary>
    /// <returns>A task.</returns>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public Task GatewayQueuedPayments() => DurableBench.PayBatchAsync(Gateway!, Callers, "flood", PaymentStatus.Queued, NextKey);

    /// <inheritdoc />
    protected override string DirectoryName => "sqlite-flood";

    /// <inheritdoc />
    protected override PaymentGateway CreateGateway(SqlitePaymentStore store)
    {
        var gateway = DurableBench.NewGateway(store, new DurableBench.DownProvider("daraja"), new DurableBench.DownProvider("paystack"));

        // Open both circuits (minimum throughput 5): from here on every payment is queued without a provider call,
        // but for a half-open probe when a break ends.
        DurableBench.PayBatchAsync(gateway, 1, "open", PaymentStatus.Queued, NextKey).GetAwaiter().GetResult();
        return gateway;
    }
}
