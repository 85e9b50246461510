using Resilience.Payments.Gateway.Internal;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class PaymentCoalescerTests
{
    private static readonly PaymentResult Done = new(new PaymentRecord
    {
        Key = "park-001",
        Request = GatewayHarness.Request(),
        Status = PaymentStatus.Succeeded,
        Version = 1,
        CreatedAt = GatewayHarness.Start,
        UpdatedAt = GatewayHarness.Start,
    });

    [Fact]
    public async Task Join_SameRequestTwiceWhileRunning_OneRunBothCallersGetItsResult()
    {
        using var telemetry = new PaymentsTelemetry(null, () => []);
        var runs = 0;
        var release = new TaskCompletionSource<PaymentResult>();
        var coalescer = new PaymentCoalescer(_ => { runs++; return new ValueTask<PaymentResult>(release.Task); }, telemetry);

        var first = coalescer.Join(GatewayHarness.Request());
        var second = coalescer.Join(GatewayHarness.Request());
        Assert.Equal(1, coalescer.Count);
        release.SetResult(Done);

        Assert.Same(Done, await first);
        Assert.Same(Done, await second);
        Assert.Equal(1, runs);
        Assert.Equal(0, coalescer.Count);
    }

    [Fact]
    public void Join_SameKeyOtherRequestWhileRunning_ThrowsIdempotencyConflict()
    {
        using var telemetry = new PaymentsTelemetry(null, () => []);
        var release = new TaskCompletionSource<PaymentResult>();
        var coalescer = new PaymentCoalescer(_ => new ValueTask<PaymentResult>(release.Task), telemetry);
        _ = coalescer.Join(GatewayHarness.Request(amount: 200m));

        Exception? thrown = null;
        try
        {
            _ = coalescer.Join(GatewayHarness.Request(amount: 300m));
        }
        catch (IdempotencyConflictException ex)
        {
            thrown = ex; // synchronously, not in a task: the facade hands it over in one
        }

        Assert.NotNull(thrown);
        release.SetResult(Done);
    }

    [Fact]
    public async Task Join_AfterTheRunEnded_StartsANewRun()
    {
        using var telemetry = new PaymentsTelemetry(null, () => []);
        var runs = 0;
        var coalescer = new PaymentCoalescer(_ => { runs++; return new ValueTask<PaymentResult>(Done); }, telemetry);

        await coalescer.Join(GatewayHarness.Request());
        await coalescer.Join(GatewayHarness.Request());

        Assert.Equal(2, runs);
        Assert.Equal(0, coalescer.Count);
    }

    [Fact]
    public async Task Join_RunThrows_EveryCallerGetsTheExceptionAndTheKeyIsFreed()
    {
        using var telemetry = new PaymentsTelemetry(null, () => []);
        var release = new TaskCompletionSource<PaymentResult>();
        var coalescer = new PaymentCoalescer(_ => new ValueTask<PaymentResult>(release.Task), telemetry);
        var first = coalescer.Join(GatewayHarness.Request());
        var second = coalescer.Join(GatewayHarness.Request());

        release.SetException(new InvalidOperationException("store down"));

        Assert.Equal("store down", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
        Assert.Equal("store down", (await Assert.ThrowsAsync<InvalidOperationException>(() => second)).Message);
        Assert.Equal(0, coalescer.Count);
    }
}
