using Microsoft.Extensions.DependencyInjection;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Operations;

public class OperationsViewTests
{
    private static PaymentOperations StoreOnly(GatewayHarness h) => new(h.Store, h.Options, h.Time);

    [Fact]
    public async Task ListAsync_NeedsAttention_ListsUnresolvedOnlyAfterAttentionAfter()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending"));
        using var ops = StoreOnly(h);

        var early = await ops.ListAsync(PaymentListKind.NeedsAttention);
        h.Time.Advance(h.Options.Reconciliation.AttentionAfter);
        var late = await ops.ListNeedingAttentionAsync();

        Assert.Empty(early);
        var entry = Assert.Single(late);
        Assert.Equal(("pending", AttentionReason.UnresolvedOutcome), (entry.Payment.IdempotencyKey, entry.Reason));
    }

    [Fact]
    public async Task MarkReviewedAsync_LeavesNeedsAttentionUntilANewConditionArises()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("paid", amount: 500m));
        using var ops = StoreOnly(h);
        await ops.RefundAsync("paid", Money.Kes(100m), "first", "wanjiku", "op-1");
        h["mpesa"].OtherwiseRefund(FakeBehavior.Accept());
        await h.ReconcileAsync(); // sent: pending at the provider
        h.Time.Advance(h.Options.Reconciliation.AttentionAfter + TimeSpan.FromMinutes(1));
        Assert.Equal(AttentionReason.RefundOpen, Assert.Single(await ops.ListNeedingAttentionAsync()).Reason);

        var reviewed = await ops.MarkReviewedAsync("paid", "called Safaricom: refund in progress", "wanjiku");
        var afterReview = await ops.ListAsync(PaymentListKind.NeedsAttention);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await ops.RefundAsync("paid", Money.Kes(100m), "second", "wanjiku", "op-2");
        await h.ReconcileAsync();
        h.Time.Advance(h.Options.Reconciliation.AttentionAfter + TimeSpan.FromMinutes(1));
        var later = await ops.ListNeedingAttentionAsync();

        Assert.Equal(OperatorActionKind.Review, reviewed!.OperatorNotes[^1].Action);
        Assert.Empty(afterReview);
        var entry = Assert.Single(later);
        Assert.Contains("op-2", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_RefundsOpenAndRecentFailovers_ListTheirPayments()
    {
        using var h = new GatewayHarness(o => o.DefaultProvider.MinimumThroughput = 1000);
        await h.Gateway.PayAsync(GatewayHarness.Request("one-provider"));
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed());
        await h.Gateway.PayAsync(GatewayHarness.Request("failover-old"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed());
        await h.Gateway.PayAsync(GatewayHarness.Request("failover-new"));
        using var ops = StoreOnly(h);
        await ops.RefundAsync("one-provider", null, "fee", "wanjiku");

        var refunds = await ops.ListAsync(PaymentListKind.RefundsOpen);
        var failovers = await ops.ListAsync(PaymentListKind.RecentFailovers);
        var secondPage = await ops.ListAsync(PaymentListKind.RecentFailovers, limit: 1, afterKey: "failover-new");

        Assert.Equal(["one-provider"], refunds.Select(p => p.IdempotencyKey));
        Assert.Equal(["failover-new", "failover-old"], failovers.Select(p => p.IdempotencyKey));
        Assert.Equal(["failover-old"], secondPage.Select(p => p.IdempotencyKey));
    }

    [Theory]
    [InlineData("5678")]
    [InlineData("2547****5678")]
    [InlineData("0712345678")]
    [InlineData("+254 712 345 678")]
    public async Task SearchAsync_PhoneForms_FindThePayerAndShowOnlyMaskedNumbers(string text)
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("mine"));
        await h.Gateway.PayAsync(GatewayHarness.Request("other", instruments: PaymentInstrument.MobileMoney("0733123456")));

        var found = await StoreOnly(h).SearchAsync(text);

        var payment = Assert.Single(found);
        Assert.Equal("mine", payment.IdempotencyKey);
        Assert.Equal(["mobile-money 2547****5678"], payment.MaskedInstruments);
    }

    [Fact]
    public async Task SearchAsync_KeyAndAccountReference_FindThePayments()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("a"));
        await h.Gateway.PayAsync(GatewayHarness.Request("b"));
        using var ops = StoreOnly(h);

        Assert.Equal(["a"], (await ops.SearchAsync("a")).Select(p => p.IdempotencyKey));
        Assert.Equal(["a", "b"], (await ops.SearchAsync("KCA 123X")).Select(p => p.IdempotencyKey));
        Assert.Empty(await ops.SearchAsync("999"));
        Assert.Equal("text", Assert.Single((await Assert.ThrowsAsync<PaymentValidationException>(() => ops.SearchAsync(" "))).Errors).Field);
    }

    [Fact]
    public async Task GetOverviewAsync_CountsQueueAndLists()
    {
        using var h = new GatewayHarness(o => o.DefaultProvider.MinimumThroughput = 1000);
        foreach (var p in h.Providers)
        {
            p.Enqueue(FakeBehavior.NotProcessed());
        }

        await h.Gateway.PayAsync(GatewayHarness.Request("queued"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed());
        await h.Gateway.PayAsync(GatewayHarness.Request("failover"));

        var gateway = await h.Gateway.Operations.GetOverviewAsync();
        var storeOnly = await StoreOnly(h).GetOverviewAsync();

        Assert.Equal(1, gateway.CountsByStatus[PaymentStatus.Queued]);
        Assert.Equal(1, gateway.Queue.Depth);
        Assert.Equal("queued", Assert.Single(gateway.Queue.NextDue).IdempotencyKey);
        Assert.Equal(GatewayHarness.Start, gateway.Queue.OldestCreatedAt);
        Assert.Equal(["failover", "queued"], gateway.RecentFailovers.Select(p => p.IdempotencyKey));
        Assert.Equal(["mpesa", "paystack", "airtel"], gateway.Providers.Select(p => p.Provider));
        Assert.Empty(storeOnly.Providers);
        Assert.True(h.Gateway.Operations.HasGateway);
    }

    [Fact]
    public async Task GetProviderHealth_AfterFailures_ReportsStateSinceRatioAndLatency()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed(), FakeBehavior.NotProcessed());
        await h.Gateway.PayAsync(GatewayHarness.Request("one"));
        await h.Gateway.PayAsync(GatewayHarness.Request("two"));

        var mpesa = h.Gateway.Operations.GetProviderHealth()[0];
        var paystack = h.Gateway.Operations.GetProviderHealth()[1];

        Assert.Equal(("mpesa", ProviderCircuitState.Open, 2, 1.0), (mpesa.Provider, mpesa.CircuitState, mpesa.RecentCalls, mpesa.RecentFailureRatio));
        Assert.Equal(h.Time.GetUtcNow(), mpesa.Since);
        Assert.Equal(TimeSpan.Zero, mpesa.MaxLatency);
        Assert.Equal((2, 0.0), (paystack.RecentCalls, paystack.RecentFailureRatio));
        Assert.Null(paystack.Since);
    }

    [Fact]
    public async Task GetDetailsAsync_Payment_ShowsMaskedInstrumentsAndAttention()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending"));
        h.Time.Advance(TimeSpan.FromHours(2));

        var details = await StoreOnly(h).GetDetailsAsync("pending");

        Assert.Equal(["mobile-money 2547****5678"], details!.MaskedInstruments);
        Assert.Equal(AttentionReason.UnresolvedOutcome, Assert.Single(details.Attention).Reason);
        Assert.Single(details.Payment.Attempts);
    }

    [Fact]
    public void AddPaymentGateway_RegistersTheGatewaysOperations()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPaymentGateway(_ => { }).AddProvider(new FakePaymentProvider("mpesa"));
        using var provider = services.BuildServiceProvider();

        var operations = provider.GetRequiredService<PaymentOperations>();

        Assert.True(operations.HasGateway);
        Assert.Same(operations, provider.GetRequiredService<PaymentOperations>());
        Assert.Equal("mpesa", Assert.Single(operations.GetProviderHealth()).Provider);
    }
}
