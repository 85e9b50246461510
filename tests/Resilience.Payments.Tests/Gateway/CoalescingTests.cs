using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway;

public class CoalescingTests
{
    [Fact]
    public async Task PayAsync_FirstCallerCancelsWhileSecondWaits_SecondGetsTheResultAndPaymentCompletes()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Succeed().WithLatency(TimeSpan.FromSeconds(5)));
        using var firstCaller = new CancellationTokenSource();

        var first = h.Gateway.PayAsync(GatewayHarness.Request(), firstCaller.Token);
        var second = h.Gateway.PayAsync(GatewayHarness.Request());
        await firstCaller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(second.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await second;

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Single(h["mpesa"].Requests);
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("park-001"))!.Status);
    }

    [Fact]
    public async Task PayAsync_CallerCancelsDuringAttempt_AttemptIsNotAbandonedAndBreakerIsNotCharged()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Otherwise(FakeBehavior.Succeed().WithLatency(TimeSpan.FromSeconds(5)));
        for (var i = 0; i < 3; i++)
        {
            using var caller = new CancellationTokenSource();
            var pay = h.Gateway.PayAsync(GatewayHarness.Request($"k-{i}"), caller.Token);
            await caller.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pay);
        }

        h.Time.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 3; i++)
        {
            var result = await h.Gateway.PayAsync(GatewayHarness.Request($"k-{i}"));
            Assert.True(result.Status is PaymentStatus.Succeeded or PaymentStatus.Processing, $"k-{i} was {result.Status}");
        }

        Assert.Equal(ProviderCircuitState.Closed, h.Gateway.GetProviderHealth().Single(p => p.Provider == "mpesa").CircuitState);
        Assert.Equal(3, h["mpesa"].Requests.Count);
    }
}
