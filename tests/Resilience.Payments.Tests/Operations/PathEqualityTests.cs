using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Operations;

/// <summary>The console (a gateway in process) and the command-line tool (a store alone) change the store identically.</summary>
public class PathEqualityTests
{
    private static async Task<GatewayHarness> SeedAsync()
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

        await h.Gateway.PayAsync(GatewayHarness.Request("dead"));
        h.Time.Advance(h.Options.Queue.MaxDelay);
        await h.RunQueueAsync();
        await h.Gateway.PayAsync(GatewayHarness.Request("queued"));
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending"));
        h["mpesa"].Enqueue(FakeBehavior.Succeed());
        await h.Gateway.PayAsync(GatewayHarness.Request("paid", amount: 500m));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        return h;
    }

    private static async Task ActAsync(PaymentOperations ops)
    {
        await ops.RequeueAsync("dead", "wanjiku");
        await ops.CancelAsync("queued", "paid at the counter", "wanjiku");
        await ops.ReconcileNowAsync("pending", "wanjiku");
        await ops.MarkReviewedAsync("paid", "checked with the driver", "wanjiku");
        await ops.RefundAsync("paid", Money.Kes(120m), "wrong zone", "wanjiku", "op-1");
        await Assert.ThrowsAsync<InvalidOperationException>(() => ops.CancelAsync("paid", "no", "wanjiku"));
    }

    [Fact]
    public async Task Actions_GatewayPathAndStoreOnlyPath_ChangeTheStoreIdentically()
    {
        using var viaGateway = await SeedAsync();
        using var viaStore = await SeedAsync();
        using var storeOnly = new PaymentOperations(viaStore.Store, viaStore.Options, viaStore.Time);

        await ActAsync(viaGateway.Gateway.Operations);
        await ActAsync(storeOnly);

        var a = await viaGateway.Store.ListAsync(new PaymentQuery(), default);
        var b = await viaStore.Store.ListAsync(new PaymentQuery(), default);
        Assert.Equal(a.Select(Comparable), b.Select(Comparable));
        Assert.Equal(5, a.Sum(r => r.OperatorNotes.Count));
    }

    // Everything the actions write; the refund's reference is random by design, and attempt references come from the seeded gateway.
    private static string Comparable(PaymentRecord r) =>
        string.Join(
            "|",
            r.Key,
            r.Status,
            r.Version,
            r.DueAt,
            r.QueueRounds,
            r.FailureReason,
            r.LeaseOwner,
            r.UpdatedAt,
            string.Join(";", r.OperatorNotes.Select(n => $"{n.At:O} {n.Actor} {n.Action} {n.Detail}")),
            string.Join(";", r.Refunds.Select(f => $"{f.Key} {f.Amount} {f.Status} {f.DueAt:O} {f.Reason} {f.Automatic}")));
}
