using Resilience.Payments.Gateway.Internal;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class PaymentWriterTests
{
    [Fact]
    public async Task SaveAsync_StatusChanged_StoresAndRaisesTheChangeWithThePreviousStatus()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("w-1", "owner");

        var stored = await kit.Writer.SaveAsync(record, record with { Status = PaymentStatus.Queued });

        Assert.Equal(PaymentStatus.Queued, stored!.Status);
        var change = Assert.Single(kit.Events.StatusChanges("w-1"));
        Assert.Equal((PaymentStatus.Queued, (PaymentStatus?)PaymentStatus.Processing), (change.Payment.Status, change.PreviousStatus));
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ReturnsNullAndRaisesNothing()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("w-1", "owner");
        await kit.Writer.SaveAsync(record, record with { UpdatedAt = kit.Time.GetUtcNow() });

        var stored = await kit.Writer.SaveAsync(record, record with { Status = PaymentStatus.Queued });

        Assert.Null(stored);
        Assert.Empty(kit.Events.StatusChanges("w-1"));
    }

    [Fact]
    public async Task SaveAsOwnerAsync_ConflictWithTheSameOwner_RereadsAndAppliesTheChangeToTheLatest()
    {
        using var kit = new CollaboratorKit();
        var stale = await kit.LeasedAsync("w-1", "owner");
        await kit.Writer.SaveAsync(stale, stale with { StatusChecks = 5 });

        var (record, changed) = await kit.Writer.SaveAsOwnerAsync(stale, "owner", 2, static _ => true, static (latest, add) => latest with { StatusChecks = latest.StatusChecks + add });

        Assert.True(changed);
        Assert.Equal(7, record.StatusChecks);
    }

    [Fact]
    public async Task SaveAsOwnerAsync_AnotherOwner_GivesUpUnchanged()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("w-1", "someone-else");

        var (latest, changed) = await kit.Writer.SaveAsOwnerAsync(record, "owner", 0, static _ => true, static (r, _) => r with { Status = PaymentStatus.Failed });

        Assert.False(changed);
        Assert.Same(record, latest);
        Assert.Equal(PaymentStatus.Processing, (await kit.Store.GetAsync("w-1", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task SaveAsOwnerAsync_PreconditionFails_GivesUpUnchanged()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("w-1", "owner");

        var (_, changed) = await kit.Writer.SaveAsOwnerAsync(record, "owner", 0, static _ => false, static (r, _) => r with { Status = PaymentStatus.Failed });

        Assert.False(changed);
    }

    [Fact]
    public async Task NothingUnresolved_LastAttemptUnresolvedOrNotProcessed_OnlyNotProcessedAndNoAttemptAreFree()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");
        var pending = await kit.PayAsync("w-1", Testing.FakeBehavior.Accept());
        var queued = await kit.PayAsync("w-2", Testing.FakeBehavior.NotProcessed(), allowQueue: true);
        var none = await kit.LeasedAsync("w-3", "owner");

        Assert.False(PaymentWriter.NothingUnresolved(pending));
        Assert.True(PaymentWriter.NothingUnresolved(none));
        Assert.Equal(OutcomeKind.NotProcessed, queued.Attempts[0].Outcome);
        Assert.True(PaymentWriter.NothingUnresolved(queued));
    }
}
