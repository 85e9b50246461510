using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Resilience.Payments.Benchmarks;

/// <summary>
/// Issue 13: a refund's library overhead beside a payment's, in the same run. The provider answers synchronously, so only the
/// library's work is measured: <see cref="PayThenRefundAsync"/> minus <see cref="PayAsync"/> is what a refund adds (validation,
/// the refund-key look-up, the compare-and-swap reservation, the provider call, the outcome write, events and telemetry), so
/// the payment is the baseline; the provider's refund called directly shows what the provider's own work costs here (nothing).
/// </summary>
[MemoryDiagnoser]
public class RefundBenchmarks
{
    private readonly StubProvider _provider = StubProvider.Succeeding("instant");
    private ProviderRefundRequest _refundRequest = null!;
    private RotatingGateway _gateway = null!;

    [GlobalSetup]
    public void Setup()
    {
        _gateway = new RotatingGateway("refund", [_provider]);
        var request = _gateway.Request("refund-probe");
        _refundRequest = new ProviderRefundRequest
        {
            PaymentKey = "refund-probe",
            RefundKey = "refund-probe:r",
            RefundReference = "rfbenchmark",
            Amount = request.Amount,
            AttemptReference = "refund-probe-1",
            ChargedAmount = request.Amount,
            Instrument = request.Instruments[0],
        };
        var refunded = _gateway.PayThenRefundAsync().GetAwaiter().GetResult();
        if (refunded.Status != RefundStatus.Succeeded)
        {
            throw new System.InvalidOperationException($"Benchmark set-up is wrong: the refund is {refunded.Status}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _gateway.Dispose();

    /// <summary>The provider's refund called directly.</summary>
    [Benchmark]
    public Task<ProviderOutcome> ProviderRefund() => _provider.RefundAsync(_refundRequest, CancellationToken.None);

    /// <summary>A new payment through the gateway (as in <see cref="HotPathBenchmarks.PayAsync"/>).</summary>
    [Benchmark(Baseline = true)]
    public Task<PaymentResult> PayAsync() => _gateway.PayNewAsync();

    /// <summary>A new payment, then its full refund through the gateway.</summary>
    [Benchmark]
    public Task<RefundResult> PayThenRefundAsync() => _gateway.PayThenRefundAsync();
}
