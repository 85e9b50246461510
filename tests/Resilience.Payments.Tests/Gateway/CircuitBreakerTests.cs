using Resilience.Payments.Testing;
using static Resilience.Payments.Tests.Gateway.GatewayTestKit;

namespace Resilience.Payments.Tests.Gateway;

public class CircuitBreakerTests
{
    [Fact]
    public async Task PayAsync_RepeatedNotProcessed_OpensBreakerAndStopsCallingProvider()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Otherwise(FakeBehavior.NotProcessed());

        await h.Gateway.PayAsync(GatewayHarness.Request(key: "cb-1"));
        Assert.Equal(ProviderCircuitState.Closed, Health(h, "mpesa"));
        await h.Gateway.PayAsync(GatewayHarness.Request(key: "cb-2"));

        Assert.Equal(ProviderCircuitState.Open, Health(h, "mpesa"));
        Assert.Contains(h.Events.All.OfType<ProviderCircuitChangedEvent>(), e => e.Provider == "mpesa" && e.State == ProviderCircuitState.Open);
        Assert.Equal(2, h["mpesa"].Requests.Count);

        for (var i = 3; i <= 6; i++)
        {
            var result = await h.Gateway.PayAsync(GatewayHarness.Request(key: $"cb-{i}"));
            Assert.Equal(PaymentStatus.Succeeded, result.Status);
            Assert.Equal("paystack", result.Provider);
            Assert.Equal("paystack", Assert.Single(result.Attempts).Provider);
        }

        Assert.Equal(2, h["mpesa"].Requests.Count);
        Assert.Empty(h["mpesa"].Charges);
        Assert.Equal(6, h["paystack"].Charges.Count);
        Assert.Equal(ProviderCircuitState.Closed, Health(h, "paystack"));
    }

    [Fact]
    public async Task PayAsync_RepeatedUnknown_OpensBreaker()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Otherwise(FakeBehavior.Unknown());

        var first = await h.Gateway.PayAsync(GatewayHarness.Request(key: "cbu-1"));
        var second = await h.Gateway.PayAsync(GatewayHarness.Request(key: "cbu-2"));
        Assert.Equal(PaymentStatus.Pending, first.Status);
        Assert.Equal(PaymentStatus.Pending, second.Status);

        Assert.Equal(ProviderCircuitState.Open, Health(h, "mpesa"));
        var third = await h.Gateway.PayAsync(GatewayHarness.Request(key: "cbu-3"));
        Assert.Equal("paystack", third.Provider);
        Assert.Equal(2, h["mpesa"].Requests.Count);
        Assert.Equal("cbu-3", Assert.Single(h["paystack"].Requests).PaymentKey);
    }

    [Fact]
    public async Task PayAsync_AllBreakersOpen_FailsNamingCircuitOpenWithoutCallingProviders()
    {
        using var h = new GatewayHarness();
        foreach (var p in h.Providers)
        {
            p.Otherwise(FakeBehavior.NotProcessed());
        }

        await h.Gateway.PayAsync(GatewayHarness.Request(key: "all-1", allowQueue: false));
        await h.Gateway.PayAsync(GatewayHarness.Request(key: "all-2", allowQueue: false));
        Assert.All(h.Gateway.GetProviderHealth(), p => Assert.Equal(ProviderCircuitState.Open, p.CircuitState));
        var before = h.Providers.Sum(p => p.Requests.Count);

        var result = await h.Gateway.PayAsync(GatewayHarness.Request(key: "all-3", allowQueue: false));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Empty(result.Attempts);
        Assert.Contains("mpesa (", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("paystack (", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("airtel (", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("circuit open", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(before, h.Providers.Sum(p => p.Requests.Count));
        Assert.Equal(3, h.Events.All.OfType<ProviderCircuitChangedEvent>().Count(e => e.State == ProviderCircuitState.Open));
    }

    [Fact]
    public async Task PayAsync_AfterBreakDuration_OneProbeSucceedsAndClosesBreaker()
    {
        using var h = new GatewayHarness();
        await OpenMpesaAsync(h);
        Assert.Equal(2, h["mpesa"].Requests.Count);

        h.Time.Advance(h.Options.DefaultProvider.BreakDuration + TimeSpan.FromSeconds(1));
        h["mpesa"].Otherwise(FakeBehavior.Succeed());
        var probe = await h.Gateway.PayAsync(GatewayHarness.Request(key: "probe-1"));

        Assert.Equal(PaymentStatus.Succeeded, probe.Status);
        Assert.Equal("mpesa", probe.Provider);
        Assert.Equal(3, h["mpesa"].Requests.Count);
        Assert.Single(h["mpesa"].Charges);
        Assert.Equal(ProviderCircuitState.Closed, Health(h, "mpesa"));
        Assert.Contains(h.Events.All.OfType<ProviderCircuitChangedEvent>(), e => e.Provider == "mpesa" && e.State == ProviderCircuitState.Closed);
    }

    [Fact]
    public async Task PayAsync_AfterBreakDuration_OnlyOneProbeAndFailedProbeReopens()
    {
        using var h = new GatewayHarness();
        await OpenMpesaAsync(h);

        h.Time.Advance(h.Options.DefaultProvider.BreakDuration + TimeSpan.FromSeconds(1));
        h["mpesa"].Enqueue(FakeBehavior.Hang());
        var probe = h.Gateway.PayAsync(GatewayHarness.Request(key: "probe-1"));
        await WaitForRequestsAsync(h["mpesa"], 3);
        Assert.Equal(ProviderCircuitState.HalfOpen, Health(h, "mpesa"));

        // While the probe is in flight, a second payment is refused by the half-open breaker and fails over.
        var other = await h.Gateway.PayAsync(GatewayHarness.Request(key: "probe-2"));
        Assert.Equal("paystack", other.Provider);
        Assert.Equal(3, h["mpesa"].Requests.Count);

        h.Time.Advance(h.Options.DefaultProvider.AttemptTimeout);
        var probed = await probe;
        Assert.Equal(PaymentStatus.Pending, probed.Status);
        Assert.Equal(ProviderCircuitState.Open, Health(h, "mpesa"));

        var after = await h.Gateway.PayAsync(GatewayHarness.Request(key: "probe-3"));
        Assert.Equal("paystack", after.Provider);
        Assert.Equal(3, h["mpesa"].Requests.Count);
    }

    [Fact]
    public async Task PayAsync_BreakDurationNotYetOver_StaysOpenAndSendsNothing()
    {
        using var h = new GatewayHarness();
        await OpenMpesaAsync(h);

        h.Time.Advance(h.Options.DefaultProvider.BreakDuration - TimeSpan.FromSeconds(1));
        h["mpesa"].Otherwise(FakeBehavior.Succeed());
        var result = await h.Gateway.PayAsync(GatewayHarness.Request(key: "early-1"));

        Assert.Equal("paystack", result.Provider);
        Assert.Equal(2, h["mpesa"].Requests.Count);
        Assert.Equal(ProviderCircuitState.Open, Health(h, "mpesa"));
    }

    [Fact]
    public async Task PayAsync_ManyDeclines_BreakerStaysClosed()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Otherwise(FakeBehavior.Decline("1", "insufficient funds"));

        for (var i = 0; i < 10; i++)
        {
            var result = await h.Gateway.PayAsync(GatewayHarness.Request(key: $"dec-{i}"));
            Assert.Equal(PaymentStatus.Declined, result.Status);
        }

        Assert.Equal(10, h["mpesa"].Requests.Count);
        Assert.Empty(h["paystack"].Requests);
        Assert.Equal(ProviderCircuitState.Closed, Health(h, "mpesa"));
        Assert.Empty(h.Events.All.OfType<ProviderCircuitChangedEvent>());
    }

    [Fact]
    public async Task PayAsync_ConcurrencyLimitReached_SecondIsNotProcessedAndFailsOverFirstTimesOut()
    {
        using var h = new GatewayHarness(o => o.DefaultProvider.MaxConcurrency = 1);
        h["mpesa"].Enqueue(FakeBehavior.Hang());

        var first = h.Gateway.PayAsync(GatewayHarness.Request(key: "conc-1"));
        await WaitForRequestsAsync(h["mpesa"]);

        var second = await h.Gateway.PayAsync(GatewayHarness.Request(key: "conc-2"));

        Assert.Equal(PaymentStatus.Succeeded, second.Status);
        Assert.Equal("paystack", second.Provider);
        Assert.Equal(2, second.Attempts.Count);
        Assert.Equal("mpesa", second.Attempts[0].Provider);
        Assert.Equal(OutcomeKind.NotProcessed, second.Attempts[0].Outcome);
        Assert.Equal("concurrency-limit", second.Attempts[0].Code);
        Assert.Single(h["mpesa"].Requests); // the refused attempt never reached the provider
        Assert.Equal("conc-2-2", Refs.Plain(Assert.Single(h["paystack"].Requests).AttemptReference));
        Assert.False(first.IsCompleted);

        h.Time.Advance(h.Options.DefaultProvider.AttemptTimeout);
        var firstResult = await first;

        Assert.Equal(PaymentStatus.Pending, firstResult.Status);
        var attempt = Assert.Single(firstResult.Attempts);
        Assert.Equal(OutcomeKind.Unknown, attempt.Outcome);
        Assert.Equal("timeout", attempt.Code);
        Assert.Empty(h["mpesa"].Charges);
        Assert.Single(h["paystack"].Charges);
    }

    private static async Task OpenMpesaAsync(GatewayHarness h)
    {
        h["mpesa"].Otherwise(FakeBehavior.NotProcessed());
        await h.Gateway.PayAsync(GatewayHarness.Request(key: "open-1"));
        await h.Gateway.PayAsync(GatewayHarness.Request(key: "open-2"));
        Assert.Equal(ProviderCircuitState.Open, Health(h, "mpesa"));
    }

    private static ProviderCircuitState Health(GatewayHarness h, string provider) =>
        h.Gateway.GetProviderHealth().Single(p => p.Provider == provider).CircuitState;
}
