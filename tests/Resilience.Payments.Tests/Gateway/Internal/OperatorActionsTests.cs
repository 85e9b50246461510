using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class OperatorActionsTests
{
    [Fact]
    public async Task RequeueAsync_FailedWithNothingUnresolved_QueuedDueNow()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");
        await kit.PayAsync("o-1", FakeBehavior.NotProcessed(), allowQueue: false);

        var result = await kit.Operator.RequeueAsync("o-1", CancellationToken.None);

        Assert.Equal(PaymentStatus.Queued, result!.Status);
        Assert.Equal(kit.Time.GetUtcNow(), (await kit.Store.GetAsync("o-1", CancellationToken.None))!.DueAt);
    }

    [Fact]
    public async Task RequeueAsync_Declined_ThrowsNamingTheStatus()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");
        await kit.PayAsync("o-1", FakeBehavior.Decline());

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => kit.Operator.RequeueAsync("o-1", CancellationToken.None));

        Assert.Contains("Declined", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelAsync_Queued_CancelledWithTheReason()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");
        await kit.PayAsync("o-1", FakeBehavior.NotProcessed());

        var result = await kit.Operator.CancelAsync("o-1", "customer left", CancellationToken.None);

        Assert.Equal(PaymentStatus.Cancelled, result!.Status);
        Assert.Contains("customer left", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequeueAsync_UnknownKey_Null()
    {
        using var kit = new CollaboratorKit();

        Assert.Null(await kit.Operator.RequeueAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_Unresolved_ListsPendingOnly()
    {
        using var kit = new CollaboratorKit(providers: "mpesa");
        await kit.PayAsync("o-1", FakeBehavior.Accept());
        await kit.PayAsync("o-2", FakeBehavior.Succeed());

        var listed = await kit.Operator.ListAsync(PaymentListKind.Unresolved, 10, null, CancellationToken.None);

        Assert.Equal(["o-1"], listed.Select(p => p.IdempotencyKey));
    }
}
