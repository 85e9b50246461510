using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Refunds;

/// <summary>Extra charges of one payment are reversed automatically (or flagged), once; the same bill paid under two keys is raised.</summary>
public class DoubleChargeTests
{
    // mpesa's reply is lost, its status query says "no such transaction", the payment fails over to paystack and succeeds there;
    // then mpesa's request lands after all and its callback reports a second charge.
    private static async Task<(GatewayHarness Harness, PaymentResult Paid)> ChargedTwiceAsync(Action<PaymentGatewayOptions>? configure = null)
    {
        var h = new GatewayHarness(configure);
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        var first = await h.Gateway.PayAsync(GatewayHarness.Request());
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();
        Assert.Equal("paystack", (await h.Gateway.GetAsync("park-001"))!.Provider);
        await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = first.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("LATE-R", "L1") with { Amount = Money.Kes(200m) },
            AttemptVerified = true,
        });
        var paid = (await h.Gateway.GetAsync("park-001"))!;
        Assert.Single(paid.ExtraCharges);
        return (h, paid);
    }

    [Fact]
    public async Task ExtraCharge_ReversePolicy_QueuedInTheSameWriteAndSentOnceByTheReconciler()
    {
        var (h, paid) = await ChargedTwiceAsync();
        using var _ = h;
        var reversal = Assert.Single(paid.Refunds);
        Assert.Equal(("park-001:reverse:1", RefundStatus.Queued, true, 1, "mpesa", Money.Kes(200m)), (reversal.Key, reversal.Status, reversal.Automatic, reversal.AttemptNumber, reversal.Provider, reversal.Amount));
        Assert.Equal(Money.Kes(200m), paid.RefundableAmount); // the payment's own charge is untouched

        Assert.Equal(1, await h.ReconcileAsync());
        var done = await h.Gateway.GetRefundAsync("park-001:reverse:1");
        Assert.Equal(RefundStatus.Succeeded, done!.Status);
        var moved = Assert.Single(h["mpesa"].Refunds);
        Assert.Equal(paid.Attempts[0].Reference, moved.AttemptReference);
        Assert.Empty(h["paystack"].RefundRequests);
        Assert.Equal(0, await h.ReconcileAsync());
        Assert.Single(h["mpesa"].RefundRequests);
        Assert.Contains(h.Events.All.OfType<RefundStatusChangedEvent>(), e => e.Refund.Automatic && e.PreviousStatus is null && e.Refund.Status == RefundStatus.Queued);
    }

    [Fact]
    public async Task ExtraCharge_RestartBeforeTheReversalWasSent_ANewGatewaySendsItOnce()
    {
        var (h, _) = await ChargedTwiceAsync();
        using var __ = h;
        using var restarted = new PaymentGateway(h.Providers, h.Store, Microsoft.Extensions.Options.Options.Create(h.Options), h.Time);
        await Task.WhenAll(restarted.Claimer.RunReconciliationOnceAsync(default), h.ReconcileAsync()); // two instances race for it
        await restarted.Claimer.RunReconciliationOnceAsync(default);
        Assert.Single(h["mpesa"].RefundRequests);
        Assert.Single(h["mpesa"].Refunds);
        Assert.Equal(RefundStatus.Succeeded, (await restarted.GetRefundAsync("park-001:reverse:1"))!.Status);
    }

    [Fact]
    public async Task ExtraCharge_ProviderDownWhenReversing_StaysQueuedAndIsSentLater()
    {
        var (h, _) = await ChargedTwiceAsync();
        using var __ = h;
        h["mpesa"].EnqueueRefunds(FakeBehavior.NotProcessed());
        await h.ReconcileAsync();
        var queued = await h.Gateway.GetRefundAsync("park-001:reverse:1");
        Assert.Equal(RefundStatus.Queued, queued!.Status);
        Assert.Equal(1, queued.Refund.Checks);

        h.Time.Advance(h.Options.Queue.InitialDelay);
        await h.ReconcileAsync();
        Assert.Equal(RefundStatus.Succeeded, (await h.Gateway.GetRefundAsync("park-001:reverse:1"))!.Status);
        Assert.Equal(2, h["mpesa"].RefundRequests.Count); // the first was provably not processed
        Assert.Single(h["mpesa"].Refunds);
    }

    [Fact]
    public async Task LateSuccess_WhileTheFailedOverAttemptIsStillUnknown_ThatAttemptIsAskedAboutAndItsChargeReversed()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        h["paystack"].Enqueue(FakeBehavior.ChargeThenUnknown()); // paystack charges, and its answer is lost
        var first = await h.Gateway.PayAsync(GatewayHarness.Request());
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync(); // mpesa "not found": failed over to paystack, whose outcome is unknown
        var failedOver = await h.Gateway.GetAsync("park-001");
        Assert.Equal((PaymentStatus.Pending, 2, OutcomeKind.Unknown), (failedOver!.Status, failedOver.Attempts.Count, failedOver.Attempts[1].Outcome!.Value));

        // mpesa's request landed after all: the payment succeeds through attempt 1, with attempt 2 still unknown.
        await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = first.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("LATE-R") with { Amount = Money.Kes(200m) },
            AttemptVerified = true,
        });
        var paid = await h.Gateway.GetAsync("park-001");
        Assert.Equal((PaymentStatus.Succeeded, "mpesa"), (paid!.Status, paid.Provider));
        Assert.NotNull((await h.Store.GetAsync("park-001", default))!.DueAt); // still due: attempt 2 may have charged

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync(); // asks paystack about attempt 2: it charged, an extra charge, reversal queued
        await h.ReconcileAsync(); // sends the reversal
        var after = await h.Gateway.GetAsync("park-001");
        var extra = Assert.Single(after!.ExtraCharges);
        Assert.Equal(("paystack", 2), (extra.Provider, extra.AttemptNumber));
        Assert.Equal(RefundStatus.Succeeded, (await h.Gateway.GetRefundAsync("park-001:reverse:2"))!.Status);
        Assert.Single(h["paystack"].Refunds);
        Assert.Null((await h.Store.GetAsync("park-001", default))!.DueAt); // nothing open any more
    }

    [Fact]
    public async Task LateSuccess_FailedOverAttemptNeverCharged_AskedUntilResolvedThenNoLongerDue()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        h["paystack"].Enqueue(FakeBehavior.Unknown()); // lost before reaching paystack
        var first = await h.Gateway.PayAsync(GatewayHarness.Request());
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();
        await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = first.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("LATE-R") with { Amount = Money.Kes(200m) },
            AttemptVerified = true,
        });
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        Assert.Equal(1, await h.ReconcileAsync());
        var after = await h.Gateway.GetAsync("park-001");
        Assert.Equal(OutcomeKind.NotProcessed, after!.Attempts[1].Outcome);
        Assert.Empty(after.ExtraCharges);
        Assert.Null((await h.Store.GetAsync("park-001", default))!.DueAt);
        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await h.ReconcileAsync());
    }

    [Fact]
    public async Task ExtraCharge_ReversalCutShortByACrashAndNotFound_QueuedAgainNotDropped()
    {
        var (h, _) = await ChargedTwiceAsync();
        using var __ = h;
        h["mpesa"].EnqueueRefunds(FakeBehavior.Unknown()); // the reversal never reached the provider (a crash or a lost request)
        await h.ReconcileAsync();
        Assert.Equal(RefundStatus.Unknown, (await h.Gateway.GetRefundAsync("park-001:reverse:1"))!.Status);
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync(); // "no such refund": provably not processed, so back to the queue
        Assert.Equal(RefundStatus.Queued, (await h.Gateway.GetRefundAsync("park-001:reverse:1"))!.Status);
        h.Time.Advance(h.Options.Queue.InitialDelay);
        await h.ReconcileAsync();
        Assert.Equal(RefundStatus.Succeeded, (await h.Gateway.GetRefundAsync("park-001:reverse:1"))!.Status);
        Assert.Single(h["mpesa"].Refunds);
    }

    [Fact]
    public async Task ExtraCharge_FlagPolicy_NothingRefunded()
    {
        var (h, paid) = await ChargedTwiceAsync(o => o.Refunds.DuplicateCharges = DuplicateChargePolicy.Flag);
        using var _ = h;
        Assert.Empty(paid.Refunds);
        await h.ReconcileAsync();
        Assert.Empty(h["mpesa"].RefundRequests);
        Assert.Single(h.Events.All.OfType<PaymentExtraChargeEvent>());

        // A person may still give it back, naming the attempt.
        var manual = await h.Gateway.RefundAsync(new RefundRequest { RefundKey = "manual-1", PaymentKey = "park-001", AttemptNumber = 1, Reason = "double charge" });
        Assert.Equal((RefundStatus.Succeeded, "mpesa", Money.Kes(200m)), (manual.Status, manual.Provider, manual.Amount));
    }

    [Fact]
    public async Task ExtraCharge_ProviderCannotRefund_FlaggedNotReversed()
    {
        var h = new GatewayHarness();
        using var _ = h;
        h["mpesa"].RefundCapabilities = RefundCapabilities.None;
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        var first = await h.Gateway.PayAsync(GatewayHarness.Request());
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();
        await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = first.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("LATE-R") with { Amount = Money.Kes(200m) },
            AttemptVerified = true,
        });
        var paid = await h.Gateway.GetAsync("park-001");
        Assert.Single(paid!.ExtraCharges);
        Assert.Empty(paid.Refunds);
    }

    [Fact]
    public async Task ExtraCharge_UserRefundOfTheReversedCharge_RefusedAsExceeding()
    {
        var (h, _) = await ChargedTwiceAsync();
        using var __ = h;
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(new RefundRequest { RefundKey = "manual-1", PaymentKey = "park-001", AttemptNumber = 1 }));
        Assert.Equal(RefundRefusal.ExceedsRefundable, refused.Refusal);
    }

    [Fact]
    public async Task RefundAsync_AttemptThatCapturedNothing_RefusedNamingAttemptNumber()
    {
        var (h, _) = await ChargedTwiceAsync();
        using var __ = h;
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(new RefundRequest { RefundKey = "manual-1", PaymentKey = "park-001", AttemptNumber = 7 }));
        Assert.Equal((RefundRefusal.NotCaptured, "AttemptNumber"), (refused.Refusal, refused.Field));
    }

    [Fact]
    public async Task PayAsync_SameBillUnderTwoKeysWithinTheWindow_RaisesPossibleDuplicateAndRefundsNothing()
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("park-001"));
        h.Time.Advance(TimeSpan.FromMinutes(4));
        await h.Gateway.PayAsync(GatewayHarness.Request("park-002", instruments: PaymentInstrument.Card("tok_visa")));

        var raised = Assert.Single(h.Events.All.OfType<PossibleDuplicatePaymentEvent>());
        Assert.Equal("park-002", raised.Payment.IdempotencyKey);
        Assert.Equal(["park-001"], raised.Others.Select(o => o.IdempotencyKey).ToArray());
        Assert.All(h.Providers, p => Assert.Empty(p.RefundRequests));
    }

    [Theory]
    [InlineData(31, 200)] // outside the window
    [InlineData(4, 250)] // another amount
    public async Task PayAsync_OutsideTheWindowOrAnotherAmount_NoPossibleDuplicate(int minutesApart, int secondAmount)
    {
        using var h = new GatewayHarness();
        await h.Gateway.PayAsync(GatewayHarness.Request("park-001"));
        h.Time.Advance(TimeSpan.FromMinutes(minutesApart));
        await h.Gateway.PayAsync(GatewayHarness.Request("park-002", amount: secondAmount));
        Assert.Empty(h.Events.All.OfType<PossibleDuplicatePaymentEvent>());
    }

    [Fact]
    public async Task PayAsync_WindowZero_CheckOff()
    {
        using var h = new GatewayHarness(o => o.Refunds.PossibleDuplicateWindow = TimeSpan.Zero);
        await h.Gateway.PayAsync(GatewayHarness.Request("park-001"));
        await h.Gateway.PayAsync(GatewayHarness.Request("park-002"));
        Assert.Empty(h.Events.All.OfType<PossibleDuplicatePaymentEvent>());
    }
}
