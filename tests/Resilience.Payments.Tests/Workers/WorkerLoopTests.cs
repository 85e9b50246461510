using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Internal;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Workers;

public class WorkerLoopTests
{
    [Fact]
    public void RunAsync_BackgroundWorkersDisabled_ReturnsAtOnceAndClaimsNothing()
    {
        using var h = new GatewayHarness(o => o.EnableBackgroundWorkers = false);
        var loop = WorkerLoop.Queue(h.Gateway, Options.Create(h.Options), h.Time, NullLogger.Instance);

        var run = loop.RunAsync(TestContext.Current.CancellationToken);

        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunOnceAsync_QueueAndReconciliationLoops_EachRunsItsOwnClaimCycle()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending"));
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        var queue = WorkerLoop.Queue(h.Gateway, Options.Create(h.Options), h.Time, NullLogger.Instance);
        var reconciliation = WorkerLoop.Reconciliation(h.Gateway, Options.Create(h.Options), h.Time, NullLogger.Instance);

        Assert.Equal(0, await queue.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await reconciliation.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_Stopped_EndsWithoutThrowing()
    {
        using var h = new GatewayHarness();
        var loop = WorkerLoop.Reconciliation(h.Gateway, Options.Create(h.Options), h.Time, NullLogger.Instance);
        using var stopping = new CancellationTokenSource();

        var run = loop.RunAsync(stopping.Token);
        await stopping.CancelAsync();

        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
    }
}
