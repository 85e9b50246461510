using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Resilience.Payments.Benchmarks;

/// <summary>
/// Issue 6, item 3: a request whose idempotency key already exists, against the hot path (a new payment through the
/// same gateway). Target: at most 1x the hot path.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private RotatingGateway _gateway = null!;
    private PaymentGateway _replayGateway = null!;
    private PaymentRequest _replayRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _gateway = new RotatingGateway("new", [StubProvider.Succeeding("instant")]);
        RotatingGateway.Expect(_gateway.PayNewAsync().GetAwaiter().GetResult(), "instant", attempts: 1);

        // The replayed payment lives in a gateway of its own, which never rotates.
        var replay = new RotatingGateway("replay", [StubProvider.Succeeding("instant")]);
        _replayGateway = replay.Gateway;
        _replayRequest = replay.Request("replay-existing");
        RotatingGateway.Expect(_replayGateway.PayAsync(_replayRequest).GetAwaiter().GetResult(), "instant", attempts: 1);
        RotatingGateway.Expect(_replayGateway.PayAsync(_replayRequest).GetAwaiter().GetResult(), "instant", attempts: 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gateway.Dispose();
        _replayGateway.Dispose();
    }

    /// <summary>The hot path: a new payment that succeeds at the first provider.</summary>
    [Benchmark(Baseline = true)]
    public Task<PaymentResult> NewPayment() => _gateway.PayNewAsync();

    /// <summary>The same request again: validation, fingerprint, in-process coalescing check, ledger read; no provider call.</summary>
    [Benchmark]
    public Task<PaymentResult> IdempotentReplay() => _replayGateway.PayAsync(_replayRequest);
}
