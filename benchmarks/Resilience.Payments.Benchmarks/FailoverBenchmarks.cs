using System;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Resilience.Payments.Benchmarks;

/// <summary>
/// Issue 6, item 2: what failing over costs, against going straight to the provider that succeeds. Every gateway
/// holds the same two providers, so the candidate lists are the same size; only the first candidate differs.
/// Target: an open breaker costs under 10% over going straight to the second provider.
/// </summary>
[MemoryDiagnoser]
public class FailoverBenchmarks
{
    private const string First = "first";
    private const string Second = "second";

    private RotatingGateway _straight = null!;
    private RotatingGateway _notProcessed = null!;
    private RotatingGateway _breakerOpen = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Baseline: the succeeding provider comes first in the failover order; the refusing one is never reached.
        _straight = new RotatingGateway("straight", [StubProvider.NotProcessing(First), StubProvider.Succeeding(Second)], o => o.FailoverOrder.Add(Second));
        RotatingGateway.Expect(_straight.PayNewAsync().GetAwaiter().GetResult(), Second, attempts: 1);

        // The first provider refuses every payment, but its breaker never opens (it would need int.MaxValue calls in 30 s).
        _notProcessed = new RotatingGateway(
            "not-processed",
            [StubProvider.NotProcessing(First), StubProvider.Succeeding(Second)],
            o => o.Providers[First] = new ProviderResilienceOptions { MinimumThroughput = int.MaxValue });
        RotatingGateway.Expect(_notProcessed.PayNewAsync().GetAwaiter().GetResult(), Second, attempts: 2);

        // The first provider's breaker is opened by its failures before the gateway takes the benchmark's payments, and
        // stays open for the run (a one-day break). A replaced gateway is prepared the same way (amortised over the payments a store holds).
        _breakerOpen = new RotatingGateway(
            "breaker-open",
            [StubProvider.NotProcessing(First), StubProvider.Succeeding(Second)],
            o => o.Providers[First] = new ProviderResilienceOptions { MinimumThroughput = 2, BreakDuration = TimeSpan.FromDays(1) },
            OpenFirstCircuit);
        RotatingGateway.Expect(_breakerOpen.PayNewAsync().GetAwaiter().GetResult(), Second, attempts: 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _straight.Dispose();
        _notProcessed.Dispose();
        _breakerOpen.Dispose();
    }

    /// <summary>Straight to the provider that succeeds.</summary>
    [Benchmark(Baseline = true)]
    public Task<PaymentResult> StraightToSecond() => _straight.PayNewAsync();

    /// <summary>The first provider answers NotProcessed (attempt 1 recorded), the second succeeds (attempt 2).</summary>
    [Benchmark]
    public Task<PaymentResult> FirstNotProcessedThenSecond() => _notProcessed.PayNewAsync();

    /// <summary>The first provider's circuit is open: it is skipped without an attempt, the second succeeds.</summary>
    [Benchmark]
    public Task<PaymentResult> FirstBreakerOpenThenSecond() => _breakerOpen.PayNewAsync();

    private static void OpenFirstCircuit(RotatingGateway gateway)
    {
        for (var i = 0; i < 2; i++)
        {
            gateway.PayNow("trip-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (gateway.Gateway.GetProviderHealth().Single(h => h.Provider == First).CircuitState != ProviderCircuitState.Open)
        {
            throw new InvalidOperationException("Benchmark set-up is wrong: the first provider's circuit did not open.");
        }
    }
}
