using Resilience.Payments.Internal;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Operations;

public class WorkNudgeTests
{
    [Fact]
    public void Nudge_CompletesTheAwaitedTaskAndArmsANewOne()
    {
        var nudge = new WorkNudge();
        var first = nudge.Next;

        nudge.Nudge();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(nudge.Next.IsCompleted);
    }

    [Fact]
    public async Task Actions_InProcess_NudgeTheWorkerThatHasWorkNow()
    {
        using var h = new GatewayHarness(o => o.DefaultProvider.MinimumThroughput = 1000);
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending"));
        var reconciler = h.Gateway.ReconciliationNudge.Next;
        var queue = h.Gateway.QueueNudge.Next;

        await h.Gateway.Operations.ReconcileNowAsync("pending", "wanjiku");

        Assert.True(reconciler.IsCompleted);
        Assert.False(queue.IsCompleted);
    }
}
