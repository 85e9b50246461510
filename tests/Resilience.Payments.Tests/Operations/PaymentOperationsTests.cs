using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Operations;

public class PaymentOperationsTests
{
    private static GatewayHarness AllDown(int maxAttempts = 1)
    {
        var h = new GatewayHarness(o =>
        {
            o.Queue.MaxAttempts = maxAttempts;
            o.DefaultProvider.MinimumThroughput = 1000; // keep circuits closed: these tests are about the queue
        });
        foreach (var p in h.Providers)
        {
            p.Otherwise(FakeBehavior.NotProcessed());
        }

        return h;
    }

    [Fact]
    public async Task ListAsync_Queued_ReturnsQueuedPaymentsOldestFirstWithPaging()
    {
        using var h = AllDown();
        for (var i = 0; i < 5; i++)
        {
            await h.Gateway.PayAsync(GatewayHarness.Request($"q-{i}"));
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await h.Gateway.ListAsync(PaymentListKind.Queued, limit: 3);
        var second = await h.Gateway.ListAsync(PaymentListKind.Queued, limit: 3, afterKey: first[^1].IdempotencyKey);

        Assert.Equal(["q-0", "q-1", "q-2"], first.Select(r => r.IdempotencyKey));
        Assert.Equal(["q-3", "q-4"], second.Select(r => r.IdempotencyKey));
    }

    [Fact]
    public async Task ListAsync_DeadLettered_ReturnsOnlyFailuresAfterQueueRetries()
    {
        using var h = AllDown(maxAttempts: 1);
        await h.Gateway.PayAsync(GatewayHarness.Request("dead"));
        await h.Gateway.PayAsync(GatewayHarness.Request("never-queued", allowQueue: false));
        h.Time.Advance(h.Options.Queue.MaxDelay);
        await h.RunQueueAsync();

        var dead = await h.Gateway.ListAsync(PaymentListKind.DeadLettered);

        Assert.Equal("dead", Assert.Single(dead).IdempotencyKey);
        Assert.Equal(PaymentStatus.Failed, (await h.Gateway.GetAsync("never-queued"))!.Status);
    }

    [Fact]
    public async Task ListAsync_Unresolved_ReturnsPendingPayments()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending"));
        await h.Gateway.PayAsync(GatewayHarness.Request("done"));

        var unresolved = await h.Gateway.ListAsync(PaymentListKind.Unresolved);

        Assert.Equal("pending", Assert.Single(unresolved).IdempotencyKey);
    }

    [Fact]
    public async Task RequeueAsync_DeadLetterAfterRecovery_IsQueuedDueNowAndThenCharged()
    {
        using var h = AllDown(maxAttempts: 1);
        await h.Gateway.PayAsync(GatewayHarness.Request("dead"));
        h.Time.Advance(h.Options.Queue.MaxDelay);
        await h.RunQueueAsync();
        Assert.Equal(PaymentStatus.Failed, (await h.Gateway.GetAsync("dead"))!.Status);
        h["mpesa"].Otherwise(FakeBehavior.Succeed());

        var requeued = await h.Gateway.RequeueAsync("dead");
        await h.RunQueueAsync();

        Assert.Equal(PaymentStatus.Queued, requeued!.Status);
        Assert.Equal(h.Time.GetUtcNow(), requeued.NextAttemptAt);
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("dead"))!.Status);
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task RequeueAsync_SucceededPayment_ThrowsAndChangesNothing()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid"));
        var before = await h.Store.GetAsync("paid", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Gateway.RequeueAsync("paid"));

        Assert.Contains("Succeeded", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before!.Version, (await h.Store.GetAsync("paid", CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task RequeueAsync_UnknownKey_ReturnsNull() =>
        Assert.Null(await new GatewayHarness().Gateway.RequeueAsync("nope"));

    [Fact]
    public async Task CancelAsync_QueuedPayment_IsCancelledAndNeverTriedAgain()
    {
        using var h = AllDown(maxAttempts: 5);
        await h.Gateway.PayAsync(GatewayHarness.Request("q"));
        var requestsBefore = h.Providers.Sum(p => p.Requests.Count);

        var cancelled = await h.Gateway.CancelAsync("q", "motorist paid cash");
        foreach (var p in h.Providers)
        {
            p.Otherwise(FakeBehavior.Succeed());
        }

        h.Time.Advance(h.Options.Queue.MaxDelay);
        await h.RunQueueAsync();

        Assert.Equal(PaymentStatus.Cancelled, cancelled!.Status);
        Assert.Contains("motorist paid cash", cancelled.FailureReason, StringComparison.Ordinal);
        Assert.True(cancelled.IsFinal);
        Assert.Equal(requestsBefore, h.Providers.Sum(p => p.Requests.Count));
        Assert.Equal(PaymentStatus.Cancelled, (await h.Gateway.GetAsync("q"))!.Status);
    }

    [Fact]
    public async Task CancelAsync_PendingPayment_ThrowsBecauseMoneyMayStillMove()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("p"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Gateway.CancelAsync("p", "changed mind"));

        Assert.Equal(PaymentStatus.Pending, (await h.Gateway.GetAsync("p"))!.Status);
    }

    [Fact]
    public async Task CancelAsync_QueuedPaymentLeasedByWorker_ThrowsAndChangesNothing()
    {
        using var h = AllDown(maxAttempts: 5);
        await h.Gateway.PayAsync(GatewayHarness.Request("q"));
        h.Time.Advance(h.Options.Queue.MaxDelay);
        var claimed = await h.Store.ClaimDueAsync(
            new PaymentClaim { Statuses = [PaymentStatus.Queued], Now = h.Time.GetUtcNow(), Owner = "worker-b", LeaseExpiresAt = h.Time.GetUtcNow().AddMinutes(1), MaxCount = 10 },
            CancellationToken.None);
        Assert.Single(claimed);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Gateway.CancelAsync("q", "x"));

        Assert.Contains("worker", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Queued, (await h.Gateway.GetAsync("q"))!.Status);
    }
}
