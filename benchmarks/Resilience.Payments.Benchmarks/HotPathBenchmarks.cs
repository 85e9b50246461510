using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Polly;
using Polly.CircuitBreaker;

namespace Resilience.Payments.Benchmarks;

/// <summary>
/// Issue 6, item 1: the cost the gateway adds on the hot path of one payment, relative to calling the same provider
/// through a hand-built Polly v8 pipeline with the same strategies. The provider answers synchronously, so only
/// library overhead is measured. Targets: at most 2.5x the baseline's time and at most 1 KB allocated per payment.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private readonly IPaymentProvider _provider = StubProvider.Succeeding("instant");
    private ResiliencePipeline<ProviderOutcome> _pipeline = ResiliencePipeline<ProviderOutcome>.Empty;
    private ProviderPaymentRequest _providerRequest = null!;
    private RotatingGateway _gateway = null!;
    private byte[] _fingerprintText = [];
    private byte[] _hash = new byte[SHA256.HashSizeInBytes];

    [GlobalSetup]
    public void Setup()
    {
        var defaults = new ProviderResilienceOptions();

        // The same strategies, in the same order and with the same defaults, as the gateway's per-provider pipeline.
        _pipeline = new ResiliencePipelineBuilder<ProviderOutcome> { Name = "benchmark-baseline" }
            .AddConcurrencyLimiter(defaults.MaxConcurrency, 0)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ProviderOutcome>
            {
                FailureRatio = defaults.FailureRatio,
                MinimumThroughput = defaults.MinimumThroughput,
                SamplingDuration = defaults.SamplingDuration,
                BreakDuration = defaults.BreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is not null || args.Outcome.Result?.Kind is OutcomeKind.NotProcessed or OutcomeKind.Unknown),
            })
            .AddTimeout(defaults.AttemptTimeout)
            .Build();

        _gateway = new RotatingGateway("hot", [_provider]);
        _providerRequest = new ProviderPaymentRequest
        {
            PaymentKey = "hot-0",
            AttemptReference = "hot-0-1",
            AttemptNumber = 1,
            Amount = Money.Kes(200),
            Instrument = _gateway.Request("hot-0").Instruments[0],
        };
        RotatingGateway.Expect(_gateway.PayNewAsync().GetAwaiter().GetResult(), "instant", attempts: 1);

        // The text the gateway fingerprints for these payments (see RequestFingerprint): every field, length-prefixed.
        _fingerprintText = Encoding.UTF8.GetBytes("8:hot-4096" + "3:KES" + "3:200" + "1:1" + "15:mm:254712345678" + "7:KCA123X" + "-1:" + "-1:" + "1:q");
    }

    [GlobalCleanup]
    public void Cleanup() => _gateway.Dispose();

    /// <summary>The provider called through a hand-built pipeline: concurrency limiter, circuit breaker, timeout.</summary>
    [Benchmark(Baseline = true)]
    public async Task<ProviderOutcome> ProviderThroughPipeline() =>
        await _pipeline.ExecuteAsync(
            static (state, ct) => new ValueTask<ProviderOutcome>(state.Provider.InitiateAsync(state.Request, ct)),
            (Provider: _provider, Request: _providerRequest),
            CancellationToken.None).ConfigureAwait(false);

    /// <summary>
    /// Not a target, a floor: the SHA-256 alone of one payment's fingerprint text (stack buffers, no allocation). Every
    /// payment needs it (to tell a retry from a conflicting reuse of its key), and durable stores keep the result.
    /// </summary>
    [Benchmark]
    public byte[] FingerprintSha256Only()
    {
        SHA256.HashData(_fingerprintText, _hash);
        return _hash;
    }

    /// <summary>A new payment: validation, fingerprint, ledger create, attempt, outcome, events, telemetry.</summary>
    [Benchmark]
    public Task<PaymentResult> PayAsync() => _gateway.PayNewAsync();
}
