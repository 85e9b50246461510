using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Resilience.Payments.Benchmarks;

/// <summary>
/// The cost the gateway adds on the hot path of one payment, relative to calling a provider through the same
/// Polly pipeline by hand. The provider answers synchronously, so only library overhead is measured.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string ReplayKey = "bench-replay";

    private readonly InstantProvider _provider = new();
    private ResiliencePipeline<ProviderOutcome> _pipeline = ResiliencePipeline<ProviderOutcome>.Empty;
    private ProviderPaymentRequest _providerRequest = null!;
    private PaymentGateway _gateway = null!;
    private PaymentRequest _replayRequest = null!;
    private Money _amount;
    private PaymentInstrument[] _instruments = [];
    private long _next;

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

        _amount = Money.Kes(200);
        _instruments = [PaymentInstrument.MobileMoney("0712345678")];
        _providerRequest = new ProviderPaymentRequest
        {
            PaymentKey = "bench",
            AttemptReference = "bench-1",
            AttemptNumber = 1,
            Amount = _amount,
            Instrument = _instruments[0],
        };

        var options = new PaymentGatewayOptions { EnableBackgroundWorkers = false };
        _gateway = new PaymentGateway([_provider], new InMemoryPaymentStore(), Options.Create(options));
        _replayRequest = NewRequest(ReplayKey);
        _gateway.PayAsync(_replayRequest).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _gateway.Dispose();

    /// <summary>The provider called through a hand-built pipeline: concurrency limiter, circuit breaker, timeout.</summary>
    [Benchmark(Baseline = true)]
    public async Task<ProviderOutcome> ProviderThroughPipeline() =>
        await _pipeline.ExecuteAsync(
            static (state, ct) => new ValueTask<ProviderOutcome>(state.Provider.InitiateAsync(state.Request, ct)),
            (Provider: (IPaymentProvider)_provider, Request: _providerRequest),
            CancellationToken.None).ConfigureAwait(false);

    /// <summary>A new payment: validation, fingerprint, ledger create, attempt, outcome, events, telemetry.</summary>
    [Benchmark]
    public Task<PaymentResult> PayAsync()
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"bench-{Interlocked.Increment(ref _next)}");
        return _gateway.PayAsync(NewRequest(key));
    }

    /// <summary>The same key again: answered from the ledger, no provider call.</summary>
    [Benchmark]
    public Task<PaymentResult> IdempotentReplay() => _gateway.PayAsync(_replayRequest);

    private PaymentRequest NewRequest(string key) => new()
    {
        IdempotencyKey = key,
        Amount = _amount,
        Instruments = _instruments,
        AccountReference = "KCA123X",
    };

    /// <summary>A provider that succeeds at once, synchronously.</summary>
    private sealed class InstantProvider : IPaymentProvider
    {
        private static readonly Task<ProviderOutcome> Success = Task.FromResult(ProviderOutcome.Succeeded());

        public string Name => "instant";

        public ProviderCapabilities Capabilities { get; } = new()
        {
            InstrumentKinds = [InstrumentKind.MobileMoney, InstrumentKind.Card],
            Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
            Currencies = ["KES"],
        };

        public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken) => Success;

        public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) => Success;
    }
}
