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
/// <remarks>A successful payment is two store writes (the create, which holds the attempt, and the outcome), each acknowledged only after its commit.</remarks>
public class SqliteDurableBenchmarks : SqliteBenchmarksBase
{
    /// <summary>Successful payments through the gateway, from <see cref="SqliteBenchmarksBase.Callers"/> concurrent callers.</summary>
    /// <returns>A task.</returns>
    [Benchmark(OperationsPerInvoke = DurableBench.PaymentsPerOperation)]
    public Task GatewayPayments() => DurableBench.PayBatchAsync(Gateway!, Callers, "ok", PaymentStatus.Succeeded, NextKey);

    /// <inheritdoc />
    protected override string DirectoryName => "sqlite-durable";

    /// <inheritdoc />
    protected override PaymentGateway CreateGateway(SqlitePaymentStore store) => DurableBench.NewGateway(store, new DurableBench.InstantProvider());
}
