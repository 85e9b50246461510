using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;
using static Resilience.Payments.Tests.Workers.WorkerTestKit;

namespace Resilience.Payments.Tests.Workers;

public class CrashRecoveryTests
{
    [Fact]
    public async Task Reconcile_CrashedWithChargedInFlightAttempt_WaitsForLeaseThenSucceedsWithoutSecondCharge()
    {
        using var h = new GatewayHarness();
        using var survivor = SecondInstance(h);
        var request = GatewayHarness.Request();
        var (created, isNew) = await h.Store.TryCreateAsync(CrashedRecord(h, request, withInFlightAttempt: true), CancellationToken.None);
        Assert.True(isNew);
        // The dead instance's call reached the provider and charged; its reply never got recorded.
        h["mpesa"].Enqueue(FakeBehavior.Succeed());
        var charged = await h["mpesa"].InitiateAsync(ProviderRequest(request, 1), CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, charged.Kind);

        h.Time.Advance(h.Options.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await survivor.Claimer.RunReconciliationOnceAsync(CancellationToken.None));
        Assert.Equal(0, await survivor.Claimer.RunQueueOnceAsync(CancellationToken.None));
        Assert.Equal(0, h["mpesa"].StatusQueries);
        Assert.Equal(created.Version, (await RecordAsync(h.Store, "park-001")).Version);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await survivor.Claimer.RunReconciliationOnceAsync(CancellationToken.None));

        var final = await survivor.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Equal(1, h["mpesa"].StatusQueries);
        var attempt = Assert.Single(final.Attempts);
        Assert.Equal(OutcomeSource.StatusQuery, attempt.Source);
        var charge = Assert.Single(h.AllCharges);
        Assert.Equal(charge.Receipt, final.Receipt);
        Assert.Single(h["mpesa"].Requests); // only the dead instance's call
        Assert.Empty(h["paystack"].Requests);
    }

    [Fact]
    public async Task Reconcile_CrashedBeforeProviderReceivedAttempt_RoutesAgainAndChargesOnce()
    {
        using var h = new GatewayHarness();
        using var survivor = SecondInstance(h);
        await h.Store.TryCreateAsync(CrashedRecord(h, GatewayHarness.Request(), withInFlightAttempt: true), CancellationToken.None);

        h.Time.Advance(h.Options.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await survivor.Claimer.RunReconciliationOnceAsync(CancellationToken.None));
        Assert.Empty(h["mpesa"].Requests);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await survivor.Claimer.RunReconciliationOnceAsync(CancellationToken.None));

        var final = await survivor.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Equal(1, h["mpesa"].StatusQueries);
        Assert.Equal(2, final.Attempts.Count);
        Assert.Equal(OutcomeKind.NotProcessed, final.Attempts[0].Outcome);
        var charge = Assert.Single(h.AllCharges);
        Assert.Equal("park-001-2", Refs.Plain(charge.AttemptReference));
        Assert.Equal(charge.Receipt, final.Receipt);
    }

    [Fact]
    public async Task Reconcile_CrashedBeforeAnyAttempt_RoutesAfterLeaseExpiry()
    {
        using var h = new GatewayHarness();
        using var survivor = SecondInstance(h);
        await h.Store.TryCreateAsync(CrashedRecord(h, GatewayHarness.Request(), withInFlightAttempt: false), CancellationToken.None);

        h.Time.Advance(h.Options.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await survivor.Claimer.RunReconciliationOnceAsync(CancellationToken.None));
        Assert.Equal(0, TotalRequests(h));

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await survivor.Claimer.RunReconciliationOnceAsync(CancellationToken.None));

        var final = await survivor.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Equal(0, h["mpesa"].StatusQueries);
        var charge = Assert.Single(h.AllCharges);
        Assert.Equal("park-001-1", Refs.Plain(charge.AttemptReference));
    }

    [Fact]
    public async Task RunQueue_ClaimedByWorkerThatDied_PickedUpAfterLeaseExpires()
    {
        using var h = new GatewayHarness();
        using var survivor = SecondInstance(h);
        AllProviders(h, FakeBehavior.NotProcessed());
        var queued = await h.Gateway.PayAsync(GatewayHarness.Request());
        AllProviders(h, FakeBehavior.Succeed());
        h.Time.SetUtcNow(queued.NextAttemptAt!.Value);

        var now = h.Time.GetUtcNow();
        var stolen = await h.Store.ClaimDueAsync(
            new PaymentClaim { Statuses = [PaymentStatus.Queued], Now = now, Owner = "dead-worker", LeaseExpiresAt = now + h.Options.LeaseDuration, MaxCount = 10 },
            CancellationToken.None);
        Assert.Single(stolen);

        Assert.Equal(0, await survivor.Claimer.RunQueueOnceAsync(CancellationToken.None));
        Assert.Equal(0, await h.RunQueueAsync());
        h.Time.Advance(h.Options.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await survivor.Claimer.RunQueueOnceAsync(CancellationToken.None));
        Assert.Equal(3, TotalRequests(h));

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await survivor.Claimer.RunQueueOnceAsync(CancellationToken.None));

        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task Reconcile_TwoInstancesRaceForCrashedPayment_OnlyOneClaimsAndChargesOnce()
    {
        using var h = new GatewayHarness();
        using var other = SecondInstance(h);
        for (var i = 0; i < 10; i++)
        {
            await h.Store.TryCreateAsync(CrashedRecord(h, GatewayHarness.Request($"crash-{i}"), withInFlightAttempt: i % 2 == 0), CancellationToken.None);
        }

        h.Time.Advance(h.Options.LeaseDuration);
        var claims = await Task.WhenAll(h.ReconcileAsync(), other.Claimer.RunReconciliationOnceAsync(CancellationToken.None), h.ReconcileAsync());

        Assert.Equal(10, claims.Sum());
        for (var i = 0; i < 10; i++)
        {
            var record = await RecordAsync(h.Store, $"crash-{i}");
            Assert.Equal(PaymentStatus.Succeeded, record.Status);
            Assert.Equal(1, h.AllCharges.Count(c => c.PaymentKey == $"crash-{i}"));
        }
    }

    [Fact]
    public async Task PayAsync_SameKeyOnSecondInstanceWhileFirstCrashedMidPayment_ReplaysWithoutNewAttempt()
    {
        using var h = new GatewayHarness();
        using var survivor = SecondInstance(h);
        var request = GatewayHarness.Request();
        await h.Store.TryCreateAsync(CrashedRecord(h, request, withInFlightAttempt: true), CancellationToken.None);

        var replay = await survivor.PayAsync(request);

        Assert.Equal(PaymentStatus.Processing, replay.Status);
        Assert.Equal(0, TotalRequests(h));

        h.Time.Advance(h.Options.LeaseDuration);
        await survivor.Claimer.RunReconciliationOnceAsync(CancellationToken.None);
        Assert.Equal(PaymentStatus.Succeeded, (await survivor.PayAsync(request)).Status);
        Assert.Single(h.AllCharges);
    }
}
