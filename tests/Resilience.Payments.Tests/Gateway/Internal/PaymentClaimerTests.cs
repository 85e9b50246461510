using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class PaymentClaimerTests
{
    [Fact]
    public async Task RunQueueOnceAsync_QueuedPaymentDue_ClaimsAndRoutesIt()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");
        var queued = await kit.PayAsync("q-1", FakeBehavior.NotProcessed());
        Assert.Equal(PaymentStatus.Queued, queued.Status);
        kit.Time.SetUtcNow(queued.DueAt!.Value);

        var claimed = await kit.Claimer.RunQueueOnceAsync(CancellationToken.None);

        Assert.Equal(1, claimed);
        Assert.Equal(PaymentStatus.Succeeded, (await kit.Store.GetAsync("q-1", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task RunQueueOnceAsync_NothingDue_ClaimsNothing()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");
        await kit.PayAsync("q-1", FakeBehavior.NotProcessed());

        Assert.Equal(0, await kit.Claimer.RunQueueOnceAsync(CancellationToken.None));
        Assert.Equal(0, await kit.Claimer.RunReconciliationOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunReconciliationOnceAsync_UnresolvedPaymentDue_ClaimsAndReconcilesItOnly()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");
        await kit.PayAsync("p-1", FakeBehavior.ChargeThenUnknown());
        var queued = await kit.PayAsync("q-1", FakeBehavior.NotProcessed());
        kit.Time.Advance(kit.Options.Reconciliation.FirstCheckDelay);

        var claimed = await kit.Claimer.RunReconciliationOnceAsync(CancellationToken.None);

        Assert.Equal(1, claimed);
        Assert.Equal(PaymentStatus.Succeeded, (await kit.Store.GetAsync("p-1", CancellationToken.None))!.Status);
        Assert.Equal(queued.Version, (await kit.Store.GetAsync("q-1", CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task RunQueueOnceAsync_EachCycle_ClaimsWithANewOwnerNeverThePayOwner()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");

        await kit.Claimer.RunQueueOnceAsync(CancellationToken.None);
        await kit.Claimer.RunReconciliationOnceAsync(CancellationToken.None);

        Assert.EndsWith(".3", kit.Owners.Next(), StringComparison.Ordinal);
    }
}
