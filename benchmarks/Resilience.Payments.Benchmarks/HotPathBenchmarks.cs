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

    /// <summary>
    /// Gets or sets how many payments the in-memory store holds (then the gateway and its store are replaced). Every payment
    /// it holds survives the young-generation collections, so the garbage collector's share grows with it: the two values
    /// show that share (compare the Gen1 and Gen2 columns). A durable store holds no payment in memory.
    /// </summary>
    [Params(1024, 4096)]
    public int PaymentsHeld { get; set; } = RotatingGateway.DefaultPaymentsPerStore;

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

        _gateway = new RotatingGateway("hot", [_provider], paymentsPerStore: PaymentsHeld);
        _providerRequest = new ProviderPaymentRequest
        {
            PaymentKey = "hot-0",
            AttemptReference = "hot-0-1",
            AttemptNumber = 1,
            Amount = Money.Kes(200),
            Instrument = _gateway.Request("hot-0").Instruments[0],
        };
        RotatingGateway.Expect(_gateway.PayNewAsync().GetAwaiter().GetResult(), "instant", attempts: 1);
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

    /// <summary>A new payment: validation, in-process coalescing, ledger create with the attempt, provider call, outcome, events, telemetry.</summary>
    [Benchmark]
    public Task<PaymentResult> PayAsync() => _gateway.PayNewAsync();
}
