using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Resilience.Payments.Internal;

/// <summary>
/// One provider and its pipeline: concurrency limiter, then circuit breaker, then attempt timeout. Turns every
/// exception into an outcome class: refusals before the call (open circuit, concurrency limit) are NotProcessed,
/// anything after the call may have started (timeout, exception, cancellation) is Unknown.
/// </summary>
internal sealed class ProviderEntry
{
    private readonly ResiliencePipeline<ProviderOutcome> _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly ProviderResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LatencyWindow _latency = new();
    private long _openUntilTicks;
    private long _sinceTicks;

    public ProviderEntry(IPaymentProvider provider, ProviderResilienceOptions options, TimeProvider time, ILogger logger, Func<ProviderCircuitState, ValueTask> onCircuitChanged)
    {
        Provider = provider;
        _options = options;
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<ProviderOutcome> { TimeProvider = time, Name = $"payments-{provider.Name}" }
            .AddConcurrencyLimiter(options.MaxConcurrency, 0)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ProviderOutcome>
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = _state,
                ShouldHandle = static args => ValueTask.FromResult(IsProviderFailure(args.Outcome, args.Context.CancellationToken)),
                OnOpened = args =>
                {
                    Interlocked.Exchange(ref _openUntilTicks, (time.GetUtcNow() + args.BreakDuration).UtcTicks);
                    Interlocked.Exchange(ref _sinceTicks, time.GetUtcNow().UtcTicks);
                    return onCircuitChanged(args.IsManual ? ProviderCircuitState.Isolated : ProviderCircuitState.Open);
                },
                OnClosed = _ =>
                {
                    Interlocked.Exchange(ref _sinceTicks, time.GetUtcNow().UtcTicks);
                    return onCircuitChanged(ProviderCircuitState.Closed);
                },
                OnHalfOpened = _ => onCircuitChanged(ProviderCircuitState.HalfOpen),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public IPaymentProvider Provider { get; }

    public string Name => Provider.Name;

    /// <summary>Gets the attempt timeout: after it the gateway stops waiting for an initiation.</summary>
    public TimeSpan AttemptTimeout => _options.AttemptTimeout;

    /// <summary>Returns how much slower than usual the provider is now (see <see cref="LatencyWindow"/>).</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The stretch of the "not found" settle window.</returns>
    public TimeSpan ObservedDelay(DateTimeOffset now) => _latency.ObservedDelay(now);

    /// <summary>Returns the provider's health now: circuit state and since when, and the recent calls' failure ratio and latency.</summary>
    /// <returns>The health.</returns>
    public ProviderHealth Health()
    {
        var now = _time.GetUtcNow();
        var state = CircuitState;
        var sinceTicks = state == ProviderCircuitState.HalfOpen && _state.CircuitState == Polly.CircuitBreaker.CircuitState.Open
            ? Interlocked.Read(ref _openUntilTicks) // the break ended: half-open since then
            : Interlocked.Read(ref _sinceTicks);
        var (calls, ratio, median, max) = _latency.Summary(now);
        return new ProviderHealth(Name, state)
        {
            Since = sinceTicks == 0 ? null : new DateTimeOffset(sinceTicks, TimeSpan.Zero),
            RecentCalls = calls,
            RecentFailureRatio = ratio,
            MedianLatency = median,
            MaxLatency = max,
        };
    }

    /// <summary>Gets the circuit's state; an open circuit whose break has ended reports half-open (the next call is its probe).</summary>
    public ProviderCircuitState CircuitState => _state.CircuitState switch
    {
        Polly.CircuitBreaker.CircuitState.Open when _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _openUntilTicks) => ProviderCircuitState.HalfOpen,
        Polly.CircuitBreaker.CircuitState.Open => ProviderCircuitState.Open,
        Polly.CircuitBreaker.CircuitState.HalfOpen => ProviderCircuitState.HalfOpen,
        Polly.CircuitBreaker.CircuitState.Isolated => ProviderCircuitState.Isolated,
        _ => ProviderCircuitState.Closed,
    };

    /// <summary>
    /// Returns whether a call should be offered to the provider now: the circuit is closed, or it is open and its break
    /// has ended (Polly moves to half-open, and lets one probe through, only when a call arrives). While a probe is in
    /// flight (half-open), while the break lasts, and while isolated, candidates skip the provider without an attempt.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="state">The circuit's state at <paramref name="now"/>, from the same single read (an open circuit whose break has ended is half-open).</param>
    /// <returns><see langword="true"/> when a call should be offered.</returns>
    public bool AcceptsCalls(DateTimeOffset now, out ProviderCircuitState state)
    {
        switch (_state.CircuitState)
        {
            case Polly.CircuitBreaker.CircuitState.Closed:
                state = ProviderCircuitState.Closed;
                return true;
            case Polly.CircuitBreaker.CircuitState.Open when now.UtcTicks >= Interlocked.Read(ref _openUntilTicks):
                state = ProviderCircuitState.HalfOpen; // the break has ended: the next call is the probe
                return true;
            case Polly.CircuitBreaker.CircuitState.Open:
                state = ProviderCircuitState.Open;
                return false;
            case Polly.CircuitBreaker.CircuitState.HalfOpen:
                state = ProviderCircuitState.HalfOpen;
                return false;
            case Polly.CircuitBreaker.CircuitState.Isolated:
                state = ProviderCircuitState.Isolated;
                return false;
            default:
                state = ProviderCircuitState.Closed;
                return false;
        }
    }

    /// <summary>Initiates through the pipeline. Never throws: every failure is an outcome.</summary>
    public async ValueTask<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var started = _time.GetTimestamp();
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var result = await state.Provider.InitiateAsync(state.Request, ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext);
                        return Outcome.FromResult(result ?? ProviderOutcome.Unknown("the provider returned no outcome"));
                    }
#pragma warning disable CA1031 // every exception is mapped to an outcome class
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<ProviderOutcome>(ex);
                    }
                },
                context,
                (Provider, Request: request)).ConfigureAwait(false);

            var elapsed = _time.GetElapsedTime(started);
            if (outcome.Exception is null or TimeoutRejectedException or OperationCanceledException or HttpRequestException)
            {
                _latency.Record(
                    _time.GetUtcNow(),
                    outcome.Exception is TimeoutRejectedException && elapsed < _options.AttemptTimeout ? _options.AttemptTimeout : elapsed,
                    failed: outcome.Exception is not null || outcome.Result?.Kind is OutcomeKind.NotProcessed or OutcomeKind.Unknown);
            }

            return outcome.Exception switch
            {
                null => outcome.Result!,
                BrokenCircuitException => ProviderOutcome.NotProcessed("circuit open: the provider failed too often recently", "circuit-open"),
                RateLimiterRejectedException => ProviderOutcome.NotProcessed($"concurrency limit of {_options.MaxConcurrency} reached", "concurrency-limit"),
                TimeoutRejectedException => ProviderOutcome.Unknown($"no answer within {_options.AttemptTimeout.TotalSeconds:0.###} s", "timeout"),
                OperationCanceledException => ProviderOutcome.Unknown("cancelled while the request may have been in flight", "cancelled"),
                var ex => Threw(ex, "InitiateAsync"),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Queries the status with a timeout; no breaker (a query is how an outage is reconciled). Never throws.</summary>
    public async Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.StatusQueryTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await Provider.QueryStatusAsync(request, linked.Token).ConfigureAwait(false)
                ?? ProviderOutcome.Unknown("the provider returned no status");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderOutcome.Unknown("status query timed out", "timeout");
        }
#pragma warning disable CA1031 // every exception is mapped to an outcome class
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return Threw(ex, "QueryStatusAsync");
        }
    }

    /// <summary>Gets the provider's refunds, or <see langword="null"/> when it cannot refund (not an <see cref="IRefundProvider"/>, or not configured to).</summary>
    public IRefundProvider? Refunds => Provider is IRefundProvider { RefundCapabilities.Supported: true } refunds ? refunds : null;

    /// <summary>
    /// Sends a refund once, within the attempt timeout; no breaker of its own, but an open circuit refuses it before sending (the
    /// provider is failing: the refund is not processed). Never throws: an exception or a timeout after sending is Unknown.
    /// </summary>
    public async Task<ProviderOutcome> RefundAsync(IRefundProvider refunds, ProviderRefundRequest request)
    {
        if (!AcceptsCalls(_time.GetUtcNow(), out var state))
        {
            return ProviderOutcome.NotProcessed($"the provider's circuit is {state}; the refund was not sent", "circuit-open");
        }

        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        try
        {
            return await refunds.RefundAsync(request, timeout.Token).ConfigureAwait(false)
                ?? ProviderOutcome.Unknown("the provider returned no refund answer");
        }
        catch (OperationCanceledException)
        {
            return ProviderOutcome.Unknown("the refund request timed out", "timeout");
        }
#pragma warning disable CA1031 // every exception is mapped to an outcome class
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Threw(ex, "RefundAsync");
        }
    }

    /// <summary>Asks about a refund with the status query timeout. Never throws.</summary>
    public async Task<ProviderOutcome> QueryRefundAsync(IRefundProvider refunds, ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.StatusQueryTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await refunds.QueryRefundAsync(request, linked.Token).ConfigureAwait(false)
                ?? ProviderOutcome.Unknown("the provider returned no refund status");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderOutcome.Unknown("refund status query timed out", "timeout");
        }
#pragma warning disable CA1031 // every exception is mapped to an outcome class
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return Threw(ex, "QueryRefundAsync");
        }
    }

    /// <summary>NotProcessed, Unknown and exceptions count against the provider; declines, and the caller's own cancellation, do not.</summary>
    private static bool IsProviderFailure(Outcome<ProviderOutcome> outcome, CancellationToken callerToken) =>
        outcome.Exception switch
        {
            null => outcome.Result?.Kind is OutcomeKind.NotProcessed or OutcomeKind.Unknown,
            BrokenCircuitException => false,
            OperationCanceledException when callerToken.IsCancellationRequested => false,
            _ => true,
        };

    private ProviderOutcome Threw(Exception ex, string operation)
    {
        Log.ProviderThrew(_logger, Name, operation, ex.GetType().Name);
        return ProviderOutcome.Unknown($"the provider's adapter threw {ex.GetType().Name}", "exception");
    }
}
