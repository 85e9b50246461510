using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;
using static Resilience.Payments.Tests.Workers.WorkerTestKit;

namespace Resilience.Payments.Tests.Workers;

public class QueueWorkerTests
{
    [Fact]
    public async Task PayAsync_AllProvidersNotProcessed_QueuedWithNextAttemptTime()
    {
        using var h = new GatewayHarness();
        AllProviders(h, FakeBehavior.NotProcessed());

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Queued, result.Status);
        Assert.NotNull(result.NextAttemptAt);
        Assert.True(result.NextAttemptAt > h.Time.GetUtcNow());
        Assert.Equal(3, result.Attempts.Count);
        Assert.All(result.Attempts, a => Assert.Equal(OutcomeKind.NotProcessed, a.Outcome));
        Assert.All(h.Providers, p => Assert.Single(p.Requests));
        Assert.Empty(h.AllCharges);
        var record = await RecordAsync(h.Store, "park-001");
        Assert.Equal(1, record.QueueRounds);
        Assert.Null(record.LeaseOwner);
    }

    [Fact]
    public async Task RunQueue_BeforeNextAttemptAt_ClaimsNothingAndCallsNoProvider()
    {
        using var h = new GatewayHarness();
        AllProviders(h, FakeBehavior.NotProcessed());
        var queued = await h.Gateway.PayAsync(GatewayHarness.Request());
        AllProviders(h, FakeBehavior.Succeed());

        h.Time.SetUtcNow(queued.NextAttemptAt!.Value - TimeSpan.FromMilliseconds(1));
        var claimed = await h.RunQueueAsync();

        Assert.Equal(0, claimed);
        Assert.Equal(3, TotalRequests(h));
        Assert.Equal(PaymentStatus.Queued, (await h.Gateway.GetAsync("park-001"))!.Status);
    }

    [Fact]
    public async Task RunQueue_AfterNextAttemptAtWithProvidersRecovered_SucceedsWithOneCharge()
    {
        using var h = new GatewayHarness();
        AllProviders(h, FakeBehavior.NotProcessed());
        var queued = await h.Gateway.PayAsync(GatewayHarness.Request());
        AllProviders(h, FakeBehavior.Succeed());

        h.Time.SetUtcNow(queued.NextAttemptAt!.Value);
        var claimed = await h.RunQueueAsync();

        Assert.Equal(1, claimed);
        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        var charge = Assert.Single(h.AllCharges);
        Assert.Equal(final.Receipt, charge.Receipt);
        Assert.Equal("park-001-4", Refs.Plain(charge.AttemptReference));
        Assert.Contains(h.Events.StatusChanges("park-001"), e => e.PreviousStatus == PaymentStatus.Queued);
    }

    [Fact]
    public async Task RunQueue_ConsecutiveRounds_BackoffDoublesWithinJitterUpToMaxDelay()
    {
        using var h = new GatewayHarness(o =>
        {
            o.DefaultProvider.MinimumThroughput = 10_000; // keep circuits closed: every round really calls the providers
            o.Queue.InitialDelay = TimeSpan.FromSeconds(10);
            o.Queue.MaxDelay = TimeSpan.FromMinutes(5);
            o.Queue.MaxAttempts = 8;
            o.Queue.JitterFactor = 0.2;
        });
        AllProviders(h, FakeBehavior.NotProcessed());
        var jitter = h.Options.Queue.JitterFactor;

        var delays = new List<TimeSpan>();
        var result = await h.Gateway.PayAsync(GatewayHarness.Request());
        while (result.Status == PaymentStatus.Queued)
        {
            var now = h.Time.GetUtcNow();
            delays.Add(result.NextAttemptAt!.Value - now);
            h.Time.SetUtcNow(result.NextAttemptAt!.Value);
            Assert.Equal(1, await h.RunQueueAsync());
            result = (await h.Gateway.GetAsync("park-001"))!;
        }

        Assert.Equal(8, delays.Count);
        var nominalSeconds = new double[] { 10, 20, 40, 80, 160, 300, 300, 300 };
        for (var i = 0; i < delays.Count; i++)
        {
            var seconds = delays[i].TotalSeconds;
            Assert.InRange(seconds, (nominalSeconds[i] * (1 - jitter)) - 0.001, nominalSeconds[i] + 0.001);
        }

        for (var i = 1; i < 5; i++)
        {
            var ratio = delays[i] / delays[i - 1];
            Assert.InRange(ratio, 2 * (1 - jitter) - 0.001, (2 / (1 - jitter)) + 0.001);
        }

        Assert.All(delays, d => Assert.True(d <= h.Options.Queue.MaxDelay, $"{d} exceeds MaxDelay"));
        Assert.Contains(delays.Zip(nominalSeconds), p => p.First.TotalSeconds < p.Second - 0.001); // jitter is applied
    }

    [Fact]
    public async Task RunQueue_MaxAttemptsRoundsExhausted_FailsAsDeadLetterKeepingEveryAttempt()
    {
        using var h = new GatewayHarness(o =>
        {
            o.DefaultProvider.MinimumThroughput = 10_000;
            o.Queue.MaxAttempts = 3;
        });
        AllProviders(h, FakeBehavior.NotProcessed());

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());
        var rounds = 0;
        while (result.Status == PaymentStatus.Queued && rounds < 10)
        {
            h.Time.SetUtcNow(result.NextAttemptAt!.Value);
            Assert.Equal(1, await h.RunQueueAsync());
            rounds++;
            result = (await h.Gateway.GetAsync("park-001"))!;
        }

        Assert.Equal(3, rounds);
        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Contains("3 retries", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(12, result.Attempts.Count); // 4 routings x 3 providers
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"park-001-{n}"), Refs.Plain(result.Attempts.Select(a => a.Reference)));
        Assert.All(result.Attempts, a => Assert.Equal(OutcomeKind.NotProcessed, a.Outcome));
        Assert.Null(result.NextAttemptAt);
        Assert.Empty(h.AllCharges);
        var changes = h.Events.StatusChanges("park-001").ToList();
        Assert.Single(changes, e => e.Payment.Status == PaymentStatus.Failed);
        Assert.Equal(4, changes.Count(e => e.Payment.Status == PaymentStatus.Processing)); // creation + three queue rounds
        Assert.Equal(3, changes.Count(e => e.Payment.Status == PaymentStatus.Queued));

        AllProviders(h, FakeBehavior.Succeed());
        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await h.RunQueueAsync());
        Assert.Equal(12, TotalRequests(h));
    }

    [Fact]
    public async Task RunQueue_QueuedPaymentPastExpiresAt_ExpiresWithoutProviderRequest()
    {
        using var h = new GatewayHarness();
        AllProviders(h, FakeBehavior.NotProcessed());
        var expiresAt = h.Time.GetUtcNow() + TimeSpan.FromMinutes(1);
        var queued = await h.Gateway.PayAsync(GatewayHarness.Request(expiresAt: expiresAt));
        Assert.Equal(PaymentStatus.Queued, queued.Status);
        AllProviders(h, FakeBehavior.Succeed());

        h.Time.SetUtcNow(expiresAt + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await h.RunQueueAsync());

        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Expired, final!.Status);
        Assert.Equal(3, TotalRequests(h));
        Assert.Empty(h.AllCharges);
        Assert.Contains("expired", final.FailureReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RunQueue_FirstProviderCircuitOpen_SkipsItAndChargesNext()
    {
        using var h = new GatewayHarness();
        // Two failovers away from mpesa open its circuit (MinimumThroughput 2, all failures).
        h["mpesa"].Otherwise(FakeBehavior.NotProcessed());
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.PayAsync(GatewayHarness.Request("warm-1"))).Status);
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.PayAsync(GatewayHarness.Request("warm-2"))).Status);
        Assert.Equal(ProviderCircuitState.Open, h.Gateway.GetProviderHealth().Single(p => p.Provider == "mpesa").CircuitState);

        h["paystack"].Enqueue(FakeBehavior.NotProcessed());
        h["airtel"].Enqueue(FakeBehavior.NotProcessed());
        var queued = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Queued, queued.Status);
        var mpesaRequests = h["mpesa"].Requests.Count;
        h["mpesa"].Otherwise(FakeBehavior.Succeed()); // would succeed, but its circuit is still open

        h.Time.SetUtcNow(queued.NextAttemptAt!.Value);
        Assert.True(h.Time.GetUtcNow() < GatewayHarness.Start + h.Options.DefaultProvider.BreakDuration);
        Assert.Equal(1, await h.RunQueueAsync());

        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Equal("paystack", final.Provider);
        Assert.Equal(mpesaRequests, h["mpesa"].Requests.Count);
        Assert.Equal(1, h["paystack"].ChargeCount("park-001"));
        Assert.Single(h.AllCharges, c => c.PaymentKey == "park-001");
    }

    [Fact]
    public async Task RunQueue_FiftyQueuedPayments_DrainInBatchesOfBatchSize()
    {
        using var h = new GatewayHarness(o =>
        {
            o.DefaultProvider.MinimumThroughput = 10_000;
            o.Queue.BatchSize = 20;
        });
        AllProviders(h, FakeBehavior.NotProcessed());
        var keys = Enumerable.Range(1, 50).Select(i => $"bulk-{i:D2}").ToList();
        foreach (var key in keys)
        {
            Assert.Equal(PaymentStatus.Queued, (await h.Gateway.PayAsync(GatewayHarness.Request(key))).Status);
        }

        AllProviders(h, FakeBehavior.Succeed());
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var claims = new List<int>();
        var succeeded = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            claims.Add(await h.RunQueueAsync());
            var counts = await h.Store.CountByStatusAsync(CancellationToken.None);
            succeeded.Add(counts.GetValueOrDefault(PaymentStatus.Succeeded));
        }

        Assert.Equal([20, 20, 10, 0], claims);
        Assert.Equal([20, 40, 50, 50], succeeded);
        Assert.Equal(50, h.AllCharges.Count());
        Assert.All(keys, k => Assert.Equal(1, h.AllCharges.Count(c => c.PaymentKey == k)));
    }

    [Fact]
    public async Task RunQueue_AllCircuitsOpenThenBreakDurationPasses_ProvidersProbedAgainAndPaymentSucceeds()
    {
        using var h = new GatewayHarness();
        AllProviders(h, FakeBehavior.NotProcessed());
        // Two routings through all three providers open every circuit (MinimumThroughput 2, all failures).
        Assert.Equal(PaymentStatus.Queued, (await h.Gateway.PayAsync(GatewayHarness.Request("open-1"))).Status);
        Assert.Equal(PaymentStatus.Queued, (await h.Gateway.PayAsync(GatewayHarness.Request("open-2"))).Status);
        Assert.All(h.Gateway.GetProviderHealth(), p => Assert.Equal(ProviderCircuitState.Open, p.CircuitState));
        AllProviders(h, FakeBehavior.Succeed()); // every provider recovers

        h.Time.Advance(h.Options.DefaultProvider.BreakDuration + h.Options.Queue.InitialDelay + TimeSpan.FromMinutes(1));
        Assert.All(h.Gateway.GetProviderHealth(), p => Assert.NotEqual(ProviderCircuitState.Open, p.CircuitState)); // break is over
        Assert.Equal(2, await h.RunQueueAsync());

        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("open-1"))!.Status);
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("open-2"))!.Status);
        Assert.Equal(2, h.AllCharges.Count());
    }
}
