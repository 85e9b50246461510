using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class ProviderUpdateApplierTests
{
    [Fact]
    public async Task ApplyAsync_PayerApproved_AppliedAndSucceeded()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.PayAsync("u-1", FakeBehavior.Accept());

        var result = await kit.Updates.ApplyAsync(kit["mpesa"].Complete(record.Attempts[0].Reference), CancellationToken.None);

        Assert.Equal(ProviderUpdateDisposition.Applied, result.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, result.Payment!.Status);
    }

    [Fact]
    public async Task ApplyAsync_SameUpdateTwice_SecondIsUnchanged()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.PayAsync("u-1", FakeBehavior.Accept());
        var update = kit["mpesa"].Complete(record.Attempts[0].Reference);
        await kit.Updates.ApplyAsync(update, CancellationToken.None);

        var again = await kit.Updates.ApplyAsync(update, CancellationToken.None);

        Assert.Equal(ProviderUpdateDisposition.Unchanged, again.Disposition);
    }

    [Fact]
    public async Task ApplyAsync_ProviderNameInOtherCase_FindsTheAttempt()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.PayAsync("u-1", FakeBehavior.Accept());
        var update = kit["mpesa"].Complete(record.Attempts[0].Reference) with { Provider = "MPESA" };

        var result = await kit.Updates.ApplyAsync(update, CancellationToken.None);

        Assert.Equal(ProviderUpdateDisposition.Applied, result.Disposition);
    }

    [Fact]
    public async Task ApplyAsync_UnknownReference_UnknownReferenceAndNoPayment()
    {
        using var kit = new CollaboratorKit();

        var result = await kit.Updates.ApplyAsync(
            new ProviderUpdate { Provider = "mpesa", AttemptReference = "nobody-1", Outcome = ProviderOutcome.Succeeded("R", "tx") }, CancellationToken.None);

        Assert.Equal((ProviderUpdateDisposition.UnknownReference, (PaymentResult?)null), (result.Disposition, result.Payment));
    }
}
