using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Operations;

public class OperatorActionTests
{
    private static GatewayHarness AllDown()
    {
        var h = new GatewayHarness(o =>
        {
            o.Queue.MaxAttempts = 1;
            o.DefaultProvider.MinimumThroughput = 1000;
        });
        foreach (var p in h.Providers)
        {
            p.Otherwise(FakeBehavior.NotProcessed());
        }

        return h;
    }

    private static PaymentOperations StoreOnly(GatewayHarness h) => new(h.Store, h.Options, h.Time);

    private static async Task<string> DeadLetterAsync(GatewayHarness h, string key = "dead")
    {
        await h.Gateway.PayAsync(GatewayHarness.Request(key));
        h.Time.Advance(h.Options.Queue.MaxDelay);
        await h.RunQueueAsync();
        Assert.Equal(PaymentStatus.Failed, (await h.Store.GetAsync(key, default))!.Status);
        return key;
    }

    [Fact]
    public async Task RequeueAsync_DeadLetter_QueuesItDueNowAndWritesTheAuditNote()
    {
        using var h = AllDown();
        var key = await DeadLetterAsync(h);
        using var ops = StoreOnly(h);

        var result = await ops.RequeueAsync(key, "wanjiku");

        Assert.Equal(PaymentStatus.Queued, result!.Status);
        var record = await h.Store.GetAsync(key, default);
        Assert.Equal(h.Time.GetUtcNow(), record!.DueAt);
        var note = Assert.Single(record.OperatorNotes);
        Assert.Equal(("wanjiku", OperatorActionKind.Requeue, h.Time.GetUtcNow()), (note.Actor, note.Action, note.At));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RequeueAsync_EmptyActor_ThrowsNamingActorAndChangesNothing(string actor)
    {
        using var h = AllDown();
        var key = await DeadLetterAsync(h);
        var before = await h.Store.GetAsync(key, default);
        using var ops = StoreOnly(h);

        var error = await Assert.ThrowsAsync<PaymentValidationException>(() => ops.RequeueAsync(key, actor));

        Assert.Equal("actor", Assert.Single(error.Errors).Field);
        Assert.Equal(before!.Version, (await h.Store.GetAsync(key, default))!.Version);
    }

    [Fact]
    public async Task CancelAsync_QueuedPayment_CancelsWithTheReasonInTheAuditTrail()
    {
        using var h = AllDown();
        await h.Gateway.PayAsync(GatewayHarness.Request("queued"));

        var result = await h.Gateway.Operations.CancelAsync("queued", "customer paid cash", "otieno");

        Assert.Equal(PaymentStatus.Cancelled, result!.Status);
        var note = Assert.Single(result.OperatorNotes);
        Assert.Equal(("otieno", OperatorActionKind.Cancel, "customer paid cash"), (note.Actor, note.Action, note.Detail));
    }

    [Fact]
    public async Task CancelAsync_SucceededPayment_RefusesAndChangesNothing()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid"));
        var before = await h.Store.GetAsync("paid", default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Gateway.Operations.CancelAsync("paid", "mistake", "otieno"));

        Assert.Equal(before, await h.Store.GetAsync("paid", default));
    }

    [Fact]
    public async Task CancelAsync_EmptyReason_ThrowsNamingReason()
    {
        using var h = AllDown();
        await h.Gateway.PayAsync(GatewayHarness.Request("queued"));

        var error = await Assert.ThrowsAsync<PaymentValidationException>(() => h.Gateway.Operations.CancelAsync("queued", " ", "otieno"));

        Assert.Equal("reason", Assert.Single(error.Errors).Field);
        Assert.Equal(PaymentStatus.Queued, (await h.Store.GetAsync("queued", default))!.Status);
    }

    [Fact]
    public async Task Actions_UnknownKey_ReturnNullAndStoreNothing()
    {
        using var h = new GatewayHarness();
        using var ops = StoreOnly(h);

        Assert.Null(await ops.RequeueAsync("nope", "a"));
        Assert.Null(await ops.CancelAsync("nope", "r", "a"));
        Assert.Null(await ops.ReconcileNowAsync("nope", "a"));
        Assert.Null(await ops.MarkReviewedAsync("nope", "n", "a"));
        Assert.Null(await ops.RefundAsync("nope", null, "r", "a"));
        Assert.Null(await ops.GetDetailsAsync("nope"));
        Assert.Empty(await h.Store.ListAsync(new PaymentQuery(), default));
    }

    [Fact]
    public async Task ReconcileNowAsync_PendingPayment_MakesItDueNowAndTheReconcilerAsks()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending"));
        Assert.True((await h.Store.GetAsync("pending", default))!.DueAt > h.Time.GetUtcNow());
        Assert.Equal(0, await h.ReconcileAsync());

        var result = await StoreOnly(h).ReconcileNowAsync("pending", "wanjiku");

        Assert.Equal(h.Time.GetUtcNow(), (await h.Store.GetAsync("pending", default))!.DueAt);
        Assert.Equal(OperatorActionKind.Reconcile, Assert.Single(result!.OperatorNotes).Action);
        Assert.Equal(1, await h.ReconcileAsync());
        Assert.Equal(1, h["mpesa"].StatusQueries);
    }

    [Fact]
    public async Task ReconcileNowAsync_SucceededWithNothingOpen_RefusesAndChangesNothing()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid"));
        var before = await h.Store.GetAsync("paid", default);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Gateway.Operations.ReconcileNowAsync("paid", "wanjiku"));

        Assert.Contains("nothing about it is open", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await h.Store.GetAsync("paid", default));
    }

    [Fact]
    public async Task ReconcileNowAsync_QueuedPayment_Refuses()
    {
        using var h = AllDown();
        await h.Gateway.PayAsync(GatewayHarness.Request("queued"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Gateway.Operations.ReconcileNowAsync("queued", "wanjiku"));

        Assert.Empty((await h.Store.GetAsync("queued", default))!.OperatorNotes);
    }

    [Fact]
    public async Task MarkReviewedAsync_EmptyNote_ThrowsNamingNote()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid"));

        var error = await Assert.ThrowsAsync<PaymentValidationException>(() => h.Gateway.Operations.MarkReviewedAsync("paid", "", "wanjiku"));

        Assert.Equal("note", Assert.Single(error.Errors).Field);
        Assert.Empty((await h.Store.GetAsync("paid", default))!.OperatorNotes);
    }

    [Fact]
    public async Task RefundAsync_StoreOnly_RecordsAQueuedRefundThatTheReconcilerSendsExactlyOnce()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid", amount: 500m));
        using var ops = StoreOnly(h);

        var refund = await ops.RefundAsync("paid", Money.Kes(200m), "double parking fee", "wanjiku", "op-1");

        Assert.Equal(RefundStatus.Queued, refund!.Status);
        var record = await h.Store.GetAsync("paid", default);
        Assert.Equal(h.Time.GetUtcNow(), record!.DueAt);
        var note = Assert.Single(record.OperatorNotes);
        Assert.Equal(OperatorActionKind.Refund, note.Action);
        Assert.Contains("op-1", note.Detail, StringComparison.Ordinal);
        Assert.Empty(h["mpesa"].RefundRequests);

        await h.ReconcileAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.ReconcileAsync();

        Assert.Single(h["mpesa"].RefundRequests);
        Assert.Equal(RefundStatus.Succeeded, (await h.Gateway.GetRefundAsync("op-1"))!.Status);
        Assert.Equal(Money.Kes(300m), (await h.Gateway.GetAsync("paid"))!.RefundableAmount);
    }

    [Fact]
    public async Task RefundAsync_MoreThanCaptured_RefusesNamingAmountAndChangesNothing()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid", amount: 500m));
        var before = await h.Store.GetAsync("paid", default);

        var error = await Assert.ThrowsAsync<RefundRefusedException>(() => StoreOnly(h).RefundAsync("paid", Money.Kes(501m), "too much", "wanjiku"));

        Assert.Equal("Amount", error.Field);
        Assert.Equal(before, await h.Store.GetAsync("paid", default));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task RefundAsync_AmountNotPositive_ThrowsNamingAmount(decimal amount)
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid", amount: 500m));

        var error = await Assert.ThrowsAsync<PaymentValidationException>(() => StoreOnly(h).RefundAsync("paid", Money.Kes(amount), "r", "wanjiku"));

        Assert.Equal("Amount", Assert.Single(error.Errors).Field);
        Assert.Empty((await h.Store.GetAsync("paid", default))!.Refunds);
    }

    [Fact]
    public async Task RefundAsync_SameRefundKeyAgain_ReturnsTheSameRefundWithoutASecondReservation()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid", amount: 500m));
        using var ops = StoreOnly(h);

        var first = await ops.RefundAsync("paid", Money.Kes(100m), "fee", "wanjiku", "op-1");
        var again = await ops.RefundAsync("paid", Money.Kes(100m), "fee", "wanjiku", "op-1");

        Assert.Equal(first!.RefundKey, again!.RefundKey);
        var record = await h.Store.GetAsync("paid", default);
        Assert.Single(record!.Refunds);
        Assert.Single(record.OperatorNotes);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => ops.RefundAsync("paid", Money.Kes(50m), "fee", "wanjiku", "op-1"));
    }

    [Fact]
    public async Task RefundAsync_PendingPayment_RefusesNothingCaptured()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending"));

        var error = await Assert.ThrowsAsync<RefundRefusedException>(() => StoreOnly(h).RefundAsync("pending", null, "r", "wanjiku"));

        Assert.Equal(RefundRefusal.NotCaptured, error.Refusal);
        Assert.Empty((await h.Store.GetAsync("pending", default))!.OperatorNotes);
    }

    [Fact]
    public async Task RefundReconciler_QueuedOperatorRefundRefusedAsNotProcessed_FailsItWithoutSendingAgain()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid", amount: 500m));
        h["mpesa"].EnqueueRefunds(FakeBehavior.NotProcessed());
        await StoreOnly(h).RefundAsync("paid", null, "fee", "wanjiku", "op-1");

        await h.ReconcileAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.ReconcileAsync();

        Assert.Single(h["mpesa"].RefundRequests);
        Assert.Equal(RefundStatus.Failed, (await h.Gateway.GetRefundAsync("op-1"))!.Status);
    }
}
