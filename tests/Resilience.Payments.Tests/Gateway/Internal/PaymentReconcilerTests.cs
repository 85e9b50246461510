using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class PaymentReconcilerTests
{
    private static async Task<PaymentRecord> ClaimAsync(CollaboratorKit kit, string key, string owner)
    {
        var now = kit.Time.GetUtcNow();
        var claimed = await kit.Store.ClaimDueAsync(
            new PaymentClaim { Statuses = [PaymentStatus.Pending, PaymentStatus.Processing], Now = now, Owner = owner, LeaseExpiresAt = now.AddMinutes(2), MaxCount = 10 },
            CancellationToken.None);
        return claimed.Single(r => r.Key == key);
    }

    [Fact]
    public async Task ReconcileAsync_ProviderChargedWhileTheReplyWasLost_Succeeded()
    {
        using var kit = new CollaboratorKit();
        await kit.PayAsync("c-1", FakeBehavior.ChargeThenUnknown());
        kit.Time.Advance(kit.Options.Reconciliation.FirstCheckDelay);
        var claimed = await ClaimAsync(kit, "c-1", "w");

        var after = await kit.Reconciler.ReconcileAsync(claimed, "w", CancellationToken.None);

        Assert.Equal(PaymentStatus.Succeeded, after.Status);
        Assert.Equal(1, kit["mpesa"].StatusQueries);
        Assert.Empty(kit["paystack"].Requests);
    }

    [Fact]
    public async Task ReconcileAsync_ProviderNeverGotIt_FailsOverToTheNextProvider()
    {
        using var kit = new CollaboratorKit();
        await kit.PayAsync("c-1", FakeBehavior.Unknown());
        kit.Time.Advance(TimeSpan.FromMinutes(5)); // past the "not found" settle window
        var claimed = await ClaimAsync(kit, "c-1", "w");

        var after = await kit.Reconciler.ReconcileAsync(claimed, "w", CancellationToken.None);

        Assert.Equal(["mpesa", "paystack"], after.Attempts.Select(a => a.Provider));
        Assert.Equal(PaymentStatus.Succeeded, after.Status);
    }

    [Fact]
    public async Task ReconcileAsync_StillPending_ReleasesTheLeaseAndSchedulesTheNextCheck()
    {
        using var kit = new CollaboratorKit();
        await kit.PayAsync("c-1", FakeBehavior.Accept());
        kit.Time.Advance(kit.Options.Reconciliation.FirstCheckDelay);
        var claimed = await ClaimAsync(kit, "c-1", "w");

        var after = await kit.Reconciler.ReconcileAsync(claimed, "w", CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, after.Status);
        Assert.Null(after.LeaseOwner);
        Assert.Equal(claimed.StatusChecks + 1, after.StatusChecks);
        Assert.True(after.DueAt > kit.Time.GetUtcNow());
    }

    [Fact]
    public async Task ReconcileAsync_PendingPastAttentionAfter_RaisesNeedsAttention()
    {
        using var kit = new CollaboratorKit();
        await kit.PayAsync("c-1", FakeBehavior.Accept());
        kit.Time.Advance(kit.Options.Reconciliation.AttentionAfter);
        var claimed = await ClaimAsync(kit, "c-1", "w");

        await kit.Reconciler.ReconcileAsync(claimed, "w", CancellationToken.None);

        Assert.Single(kit.Events.All.OfType<PaymentNeedsAttentionEvent>());
    }
}
