using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway;

public class SmokeGatewayTests
{
    [Fact]
    public async Task PayAsync_FirstProviderNotProcessed_FailsOverToSecond()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed());

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal("paystack", result.Provider);
        Assert.Equal(["park-001-1", "park-001-2"], Refs.Plain(result.Attempts.Select(a => a.Reference)));
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task PayAsync_UnknownThenStatusQuerySaysCharged_SucceedsWithoutSecondCharge()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.ChargeThenUnknown());

        var first = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Pending, first.Status);
        Assert.Single(first.Attempts);

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();

        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task PayAsync_HangingProvider_TimesOutAsUnknownAndNeverFailsOver()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.ChargeThenHang());

        var pay = h.Gateway.PayAsync(GatewayHarness.Request());
        while (h["mpesa"].Requests.Count == 0)
        {
            await Task.Yield();
        }

        h.Time.Advance(h.Options.DefaultProvider.AttemptTimeout);
        var result = await pay;

        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal(OutcomeKind.Unknown, result.Attempts.Single().Outcome);
        Assert.Empty(h["paystack"].Requests);
    }
}
