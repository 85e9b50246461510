using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;
using static Resilience.Payments.Tests.Workers.WorkerTestKit;

namespace Resilience.Payments.Tests.Workers;

public class ReconcilerTests
{
    [Fact]
    public async Task Reconcile_PendingBeforeFirstCheckDelay_DoesNotQueryProvider()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Pending, pending.Status);

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await h.ReconcileAsync());
        Assert.Equal(0, h["mpesa"].StatusQueries);

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await h.ReconcileAsync());
        Assert.Equal(1, h["mpesa"].StatusQueries);
    }

    [Fact]
    public async Task Reconcile_StatusStillPending_StaysPendingWithGrowingDelaysCappedAtMaxDelay()
    {
        using var h = new GatewayHarness(o =>
        {
            o.Reconciliation.FirstCheckDelay = TimeSpan.FromSeconds(30);
            o.Reconciliation.MaxDelay = TimeSpan.FromMinutes(5);
        });
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request());
        var record = await RecordAsync(h.Store, "park-001");
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromSeconds(30), record.DueAt);

        var delays = new List<TimeSpan>();
        for (var check = 1; check <= 6; check++)
        {
            h.Time.SetUtcNow(record.DueAt!.Value);
            Assert.Equal(1, await h.ReconcileAsync());
            record = await RecordAsync(h.Store, "park-001");
            Assert.Equal(PaymentStatus.Pending, record.Status);
            Assert.Equal(check, record.StatusChecks);
            Assert.Equal(check, h["mpesa"].StatusQueries);
            Assert.Null(record.LeaseOwner);
            delays.Add(record.DueAt!.Value - h.Time.GetUtcNow());
        }

        var nominal = new double[] { 60, 120, 240, 300, 300, 300 };
        for (var i = 0; i < delays.Count; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, (nominal[i] * 0.9) - 0.001, nominal[i] + 0.001);
        }

        Assert.True(delays[1] > delays[0] && delays[2] > delays[1], "delays must grow");
        Assert.All(delays, d => Assert.True(d <= h.Options.Reconciliation.MaxDelay));
        Assert.Single(record.Attempts);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);
    }

    [Fact]
    public async Task Reconcile_UnknownAndStatusSaysNotProcessed_FailsOverToNextProviderWithOneCharge()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown()).Otherwise(FakeBehavior.NotProcessed()); // mpesa stays down
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Pending, pending.Status);
        Assert.Empty(h["paystack"].Requests);

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        Assert.Equal(1, await h.ReconcileAsync());

        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Equal("paystack", final.Provider);
        Assert.Equal(OutcomeKind.NotProcessed, final.Attempts[0].Outcome);
        Assert.Equal(OutcomeSource.StatusQuery, final.Attempts[0].Source);
        var charge = Assert.Single(h.AllCharges);
        Assert.Equal(final.Receipt, charge.Receipt);
        Assert.Single(h["paystack"].Requests);
        Assert.Equal(final.Attempts.Count, final.Attempts.Select(a => a.Reference).Distinct().Count());
    }

    [Fact]
    public async Task Reconcile_UnknownAndStatusSaysNotProcessed_RoutesAgainWithNewReferenceAndOneCharge()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown()); // then recovered
        await h.Gateway.PayAsync(GatewayHarness.Request());

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        Assert.Equal(1, await h.ReconcileAsync());

        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Equal(2, final.Attempts.Count); // exactly one new attempt
        Assert.Equal(["park-001-1", "park-001-2"], Refs.Plain(final.Attempts.Select(a => a.Reference)));
        var charge = Assert.Single(h.AllCharges);
        Assert.Equal("park-001-2", Refs.Plain(charge.AttemptReference));
        Assert.Equal(final.Receipt, charge.Receipt);
    }

    [Theory]
    [InlineData("AcceptAndCharge")]
    [InlineData("ChargeThenUnknown")]
    public async Task Reconcile_StatusSaysCharged_SucceedsWithoutNewAttempt(string behavior)
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(behavior == "AcceptAndCharge" ? FakeBehavior.AcceptAndCharge() : FakeBehavior.ChargeThenUnknown());
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Pending, pending.Status);

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        Assert.Equal(1, await h.ReconcileAsync());

        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        var attempt = Assert.Single(final.Attempts);
        Assert.Equal(OutcomeSource.StatusQuery, attempt.Source);
        Assert.Single(h["mpesa"].Requests);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);
        var charge = Assert.Single(h.AllCharges);
        Assert.Equal(charge.Receipt, final.Receipt);

        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await h.ReconcileAsync()); // final: never claimed again
    }

    [Fact]
    public async Task Reconcile_StatusSaysDeclined_Declines()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());
        _ = h["mpesa"].Complete(pending.Attempts[0].Reference, success: false, declineCode: "2001"); // callback lost

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        Assert.Equal(1, await h.ReconcileAsync());

        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Declined, final!.Status);
        Assert.Equal("2001", final.DeclineCode);
        Assert.Single(final.Attempts);
        Assert.Empty(h.AllCharges);
        Assert.Empty(h["paystack"].Requests);
    }

    [Fact]
    public async Task Reconcile_StatusQueriesFailing_StaysPendingAndNeverStartsNewAttempt()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown()).FailStatusQueries();
        await h.Gateway.PayAsync(GatewayHarness.Request());

        var record = await RecordAsync(h.Store, "park-001");
        for (var cycle = 1; cycle <= 25; cycle++)
        {
            h.Time.SetUtcNow(record.DueAt!.Value);
            Assert.Equal(1, await h.ReconcileAsync());
            record = await RecordAsync(h.Store, "park-001");
            Assert.Equal(PaymentStatus.Pending, record.Status);
            Assert.Equal(cycle, record.StatusChecks);
            Assert.True(record.DueAt > h.Time.GetUtcNow(), "retried later");
            Assert.Single(record.Attempts);
            Assert.Single(h["mpesa"].Requests);
            Assert.Empty(h["paystack"].Requests);
            Assert.Empty(h["airtel"].Requests);
        }

        Assert.Equal(25, h["mpesa"].StatusQueries);
        Assert.Empty(h.AllCharges);
        Assert.Equal(0, await h.RunQueueAsync()); // the queue worker does not touch it either

        // The status service comes back: "no such transaction" frees the payment; it is charged once.
        h["mpesa"].FailStatusQueries(false);
        h.Time.SetUtcNow(record.DueAt!.Value);
        Assert.Equal(1, await h.ReconcileAsync());
        var final = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task Reconcile_AcceptedAndPayerSilent_NeverStartsNewAttemptAcrossManyCycles()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());

        for (var cycle = 0; cycle < 20; cycle++)
        {
            h.Time.Advance(h.Options.Reconciliation.MaxDelay);
            Assert.Equal(1, await h.ReconcileAsync());
        }

        var record = await RecordAsync(h.Store, "park-001");
        Assert.Equal(PaymentStatus.Pending, record.Status);
        Assert.Single(record.Attempts);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);

        // The payer finally approves; the callback settles it with the one charge.
        var update = h["mpesa"].Complete(pending.Attempts[0].Reference);
        var applied = await h.Gateway.ApplyProviderUpdateAsync(update);
        Assert.Equal(PaymentStatus.Succeeded, applied.Payment!.Status);
        Assert.Single(h.AllCharges);
    }
}
