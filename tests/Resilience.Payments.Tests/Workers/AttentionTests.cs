using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Workers;

/// <summary>A payment whose status queries never give a verdict is flagged for a person, and never failed over on that account.</summary>
public class AttentionTests
{
    [Fact]
    public async Task Reconcile_UnresolvedPastAttentionAfter_RaisesNeedsAttentionOnEachInconclusiveCheck_NeverFailsOver()
    {
        using var h = new GatewayHarness(o => o.Reconciliation.AttentionAfter = TimeSpan.FromMinutes(12));
        h["mpesa"].Enqueue(FakeBehavior.Accept()); // the payer never answers; the provider keeps saying "pending"
        await h.Gateway.PayAsync(GatewayHarness.Request());

        var flaggedAt = new List<int>();
        for (var cycle = 1; cycle <= 5; cycle++)
        {
            h.Time.Advance(h.Options.Reconciliation.MaxDelay);
            Assert.Equal(1, await h.ReconcileAsync());
            if (h.Events.All.OfType<PaymentNeedsAttentionEvent>().Count() > flaggedAt.Count)
            {
                flaggedAt.Add(cycle);
            }
        }

        Assert.Equal([3, 4, 5], flaggedAt); // 15, 20 and 25 minutes after the attempt; not at 5 or 10
        var flagged = h.Events.All.OfType<PaymentNeedsAttentionEvent>().First();
        Assert.Equal("park-001", flagged.Payment.IdempotencyKey);
        Assert.Equal(TimeSpan.FromMinutes(15), flagged.Unresolved);
        var payment = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Pending, payment!.Status);
        Assert.Single(payment.Attempts);
        Assert.Empty(h["paystack"].Requests);
    }

    [Fact]
    public async Task Reconcile_SettledBeforeAttentionAfter_RaisesNothing()
    {
        using var h = new GatewayHarness(o => o.Reconciliation.AttentionAfter = TimeSpan.FromMinutes(12));
        h["mpesa"].Enqueue(FakeBehavior.AcceptAndCharge());
        await h.Gateway.PayAsync(GatewayHarness.Request());

        h.Time.Advance(h.Options.Reconciliation.MaxDelay);
        await h.ReconcileAsync();

        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("park-001"))!.Status);
        Assert.Empty(h.Events.All.OfType<PaymentNeedsAttentionEvent>());
    }
}
