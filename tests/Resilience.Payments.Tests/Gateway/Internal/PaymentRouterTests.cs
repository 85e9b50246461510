using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class PaymentRouterTests
{
    [Fact]
    public void Plan_AllCircuitsClosed_BeginsWithTheFirstCandidate()
    {
        using var kit = new CollaboratorKit();

        var plan = kit.Router.Plan(GatewayHarness.Request(), kit.Time.GetUtcNow());

        Assert.Equal(0, plan.Begun);
        Assert.Equal(["mpesa", "paystack"], plan.Candidates.Select(c => c.Provider.Name));
        Assert.True(plan.Notes.IsEmpty);
    }

    [Fact]
    public void Plan_RequestExpired_BeginsNothing()
    {
        using var kit = new CollaboratorKit();

        var plan = kit.Router.Plan(GatewayHarness.Request(expiresAt: kit.Time.GetUtcNow()), kit.Time.GetUtcNow());

        Assert.Equal(-1, plan.Begun);
    }

    [Theory]
    [InlineData(true, false, 0, PaymentStatus.Expired)]
    [InlineData(false, false, 0, PaymentStatus.Failed)]
    [InlineData(false, true, 20, PaymentStatus.Failed)]
    [InlineData(false, true, 0, PaymentStatus.Queued)]
    public void DecideUnrouted_Cases_EndsAsExpected(bool expired, bool allowQueue, int queueRounds, PaymentStatus expected)
    {
        using var kit = new CollaboratorKit();
        var now = kit.Time.GetUtcNow();
        var request = GatewayHarness.Request(allowQueue: allowQueue, expiresAt: expired ? now : null);

        var end = kit.Router.DecideUnrouted(request, queueRounds, now, noProviderFits: false, default, unfit: null);

        Assert.Equal(expected, end.Status);
        Assert.Equal(expected == PaymentStatus.Queued, end.DueAt is not null);
        Assert.Equal(expected == PaymentStatus.Queued ? queueRounds + 1 : queueRounds, end.QueueRounds);
    }

    [Fact]
    public void DecideUnrouted_Queued_DueWithinTheJitteredFirstDelay()
    {
        using var kit = new CollaboratorKit();
        var now = kit.Time.GetUtcNow();

        var end = kit.Router.DecideUnrouted(GatewayHarness.Request(), 0, now, noProviderFits: false, default, unfit: null);

        var delay = end.DueAt!.Value - now;
        Assert.InRange(delay, kit.Options.Queue.InitialDelay * (1 - kit.Options.Queue.JitterFactor), kit.Options.Queue.InitialDelay);
    }

    [Fact]
    public void DecideUnrouted_NoProviderFits_FailsNamingWhyEachCannot()
    {
        using var kit = new CollaboratorKit();

        var end = kit.Router.DecideUnrouted(GatewayHarness.Request(), 0, kit.Time.GetUtcNow(), noProviderFits: true, default, ["mpesa (07******78): no cards"]);

        Assert.Equal(PaymentStatus.Failed, end.Status);
        Assert.Contains("mpesa (07******78): no cards", end.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayAsync_FirstNotProcessed_FailsOverToTheSecond()
    {
        using var kit = new CollaboratorKit();
        kit["mpesa"].Enqueue(FakeBehavior.NotProcessed());
        kit["paystack"].Enqueue(FakeBehavior.Succeed());

        var result = await kit.Router.PayAsync(GatewayHarness.Request("r-1"));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(["mpesa", "paystack"], result.Attempts.Select(a => a.Provider));
    }

    [Fact]
    public async Task PayAsync_FirstUnknown_StopsThereAndStaysUnresolved()
    {
        using var kit = new CollaboratorKit();
        kit["mpesa"].Enqueue(FakeBehavior.Unknown());

        var result = await kit.Router.PayAsync(GatewayHarness.Request("r-1"));

        Assert.Single(result.Attempts);
        Assert.Empty(kit["paystack"].Requests);
        Assert.NotEqual(PaymentStatus.Succeeded, result.Status);
    }

    [Fact]
    public async Task PayAsync_SameKeyOtherRequestInTheStore_ThrowsIdempotencyConflict()
    {
        using var kit = new CollaboratorKit();
        kit["mpesa"].Enqueue(FakeBehavior.Succeed());
        await kit.Router.PayAsync(GatewayHarness.Request("r-1", amount: 200m));

        await Assert.ThrowsAsync<IdempotencyConflictException>(async () => await kit.Router.PayAsync(GatewayHarness.Request("r-1", amount: 300m)));
    }

    [Fact]
    public async Task RouteAsync_ExcludedPair_TriedLast()
    {
        using var kit = new CollaboratorKit();
        kit["paystack"].Enqueue(FakeBehavior.NotProcessed(), FakeBehavior.NotProcessed());
        var record = await kit.PayAsync("r-1", FakeBehavior.NotProcessed(), allowQueue: true);
        Assert.Equal(PaymentStatus.Queued, record.Status);
        var claimed = Assert.Single(await kit.Store.ClaimDueAsync(
            new PaymentClaim { Statuses = [PaymentStatus.Queued], Now = record.DueAt!.Value, Owner = "w", LeaseExpiresAt = record.DueAt!.Value.AddMinutes(2), MaxCount = 1 },
            CancellationToken.None));
        kit.Time.SetUtcNow(record.DueAt!.Value);
        kit["mpesa"].Enqueue(FakeBehavior.Succeed());

        var routed = await kit.Router.RouteAsync(claimed, "w", excluded: claimed.Attempts.First(a => a.Provider == "mpesa"), CancellationToken.None);

        Assert.Equal(["mpesa", "paystack", "paystack", "mpesa"], routed.Attempts.Select(a => a.Provider));
        Assert.Equal(PaymentStatus.Succeeded, routed.Status);
    }
}
