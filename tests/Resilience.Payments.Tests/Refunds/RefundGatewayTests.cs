using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Refunds;

/// <summary>RefundAsync end to end over fake providers: the outcome classes, the amount rules, idempotency and the events.</summary>
public class RefundGatewayTests
{
    private static RefundRequest Refund(string key = "rf-1", string payment = "park-001", decimal? amount = null, string? reason = "cancelled permit", int? attempt = null) => new()
    {
        RefundKey = key,
        PaymentKey = payment,
        Amount = amount is { } a ? Money.Kes(a) : null,
        Reason = reason,
        AttemptNumber = attempt,
    };

    private static async Task<GatewayHarness> PaidAsync(decimal amount = 200m, Action<PaymentGatewayOptions>? configure = null)
    {
        var h = new GatewayHarness(configure);
        var paid = await h.Gateway.PayAsync(GatewayHarness.Request(amount: amount));
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        return h;
    }

    [Fact]
    public async Task RefundAsync_SucceededPayment_RefundsThroughTheProviderThatCharged()
    {
        using var h = await PaidAsync();
        var refund = await h.Gateway.RefundAsync(Refund());

        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.True(refund.IsFinal);
        Assert.Equal(("rf-1", "park-001", "mpesa", Money.Kes(200m), 1), (refund.RefundKey, refund.PaymentKey, refund.Provider, refund.Amount, refund.AttemptNumber));
        var moved = Assert.Single(h["mpesa"].Refunds);
        Assert.Equal(Money.Kes(200m), moved.Amount);
        Assert.Equal(h["mpesa"].Charges[0].AttemptReference, moved.AttemptReference);
        Assert.Equal(Money.Kes(200m), refund.Payment.RefundedAmount);
        Assert.Equal(Money.Kes(0m), refund.Payment.RefundableAmount);
        Assert.Equal(PaymentStatus.Succeeded, refund.Payment.Status); // the payment stays succeeded; its refunds say the rest
        var fetched = await h.Gateway.GetRefundAsync("rf-1");
        Assert.Equal(RefundStatus.Succeeded, fetched!.Status);
        Assert.Single((await h.Gateway.GetAsync("park-001"))!.Refunds);
    }

    [Fact]
    public async Task RefundAsync_TwoPartialsThenMore_ThirdRefusedAsExceedingWithNothingSent()
    {
        using var h = await PaidAsync();
        var first = await h.Gateway.RefundAsync(Refund("rf-1", amount: 120m));
        var second = await h.Gateway.RefundAsync(Refund("rf-2", amount: 80m));
        Assert.Equal((RefundStatus.Succeeded, RefundStatus.Succeeded), (first.Status, second.Status));
        Assert.Equal(Money.Kes(0m), second.Payment.RefundableAmount);

        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(Refund("rf-3", amount: 1m)));
        Assert.Equal((RefundRefusal.ExceedsRefundable, "Amount"), (refused.Refusal, refused.Field));
        Assert.Equal(2, h["mpesa"].RefundRequests.Count);
        Assert.Null(await h.Gateway.GetRefundAsync("rf-3"));
    }

    [Fact]
    public async Task RefundAsync_AmountAboveCaptured_RefusedNamingAmountAndNothingStored()
    {
        using var h = await PaidAsync();
        var before = await h.Store.GetAsync("park-001", default);
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(Refund(amount: 200.01m)));
        Assert.Equal(RefundRefusal.ExceedsRefundable, refused.Refusal);
        Assert.StartsWith("Amount:", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before!.Version, (await h.Store.GetAsync("park-001", default))!.Version);
        Assert.Empty(h["mpesa"].RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_OtherCurrency_ValidationErrorNamingAmount()
    {
        using var h = await PaidAsync();
        var error = await Assert.ThrowsAsync<PaymentValidationException>(() => h.Gateway.RefundAsync(Refund() with { Amount = new Money(10m, "USD") }));
        Assert.Equal("Amount", error.ParamName);
        Assert.Empty(h["mpesa"].RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_PaymentNotSucceeded_RefusedAsNotCaptured()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Pending, pending.Status);
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(Refund()));
        Assert.Equal((RefundRefusal.NotCaptured, "PaymentKey"), (refused.Refusal, refused.Field));
        Assert.Empty(h["mpesa"].RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_UnknownPayment_RefusedAsPaymentNotFound()
    {
        using var h = new GatewayHarness();
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(Refund(payment: "nobody")));
        Assert.Equal((RefundRefusal.PaymentNotFound, "PaymentKey"), (refused.Refusal, refused.Field));
    }

    [Fact]
    public async Task RefundAsync_SameKeySameRequest_ReturnsTheSameRefundAndSendsOnce()
    {
        using var h = await PaidAsync();
        var first = await h.Gateway.RefundAsync(Refund(amount: 50m));
        var again = await h.Gateway.RefundAsync(Refund(amount: 50m));
        var withoutAmount = await h.Gateway.RefundAsync(Refund()); // "everything refundable" matches the refund already made under the key
        Assert.Equal(first.Refund, again.Refund);
        Assert.Equal(first.Refund, withoutAmount.Refund);
        Assert.Single(h["mpesa"].RefundRequests);
        Assert.Single(h["mpesa"].Refunds);
    }

    [Theory]
    [InlineData(60, "cancelled permit", null)]
    [InlineData(50, "another reason", null)]
    [InlineData(50, "cancelled permit", 2)]
    public async Task RefundAsync_SameKeyOtherRequest_ConflictAndNothingChanged(int amount, string reason, int? attempt)
    {
        using var h = await PaidAsync();
        await h.Gateway.RefundAsync(Refund(amount: 50m));
        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => h.Gateway.RefundAsync(Refund(amount: amount, reason: reason, attempt: attempt)));
        Assert.Equal("rf-1", conflict.IdempotencyKey);
        Assert.Single(h["mpesa"].RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_SameKeyOtherPayment_Conflict()
    {
        using var h = await PaidAsync();
        await h.Gateway.PayAsync(GatewayHarness.Request(key: "park-002"));
        await h.Gateway.RefundAsync(Refund());
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => h.Gateway.RefundAsync(Refund(payment: "park-002")));
        Assert.Single(h["mpesa"].RefundRequests);
        Assert.Empty((await h.Gateway.GetAsync("park-002"))!.Refunds);
    }

    [Fact]
    public async Task RefundAsync_ProviderRefundsWholeChargesOnly_PartialRefusedBeforeSending()
    {
        using var h = await PaidAsync();
        h["mpesa"].RefundCapabilities = new RefundCapabilities { Partial = false, OnePerCharge = true };
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(Refund(amount: 50m)));
        Assert.Equal(RefundRefusal.NotSupportedByProvider, refused.Refusal);
        Assert.Contains("whole charges", refused.Message, StringComparison.Ordinal);

        var full = await h.Gateway.RefundAsync(Refund("rf-2"));
        Assert.Equal(RefundStatus.Succeeded, full.Status);
        Assert.Single(h["mpesa"].RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_OnePerChargeAfterARejectedOne_SecondAllowed()
    {
        using var h = await PaidAsync();
        h["mpesa"].RefundCapabilities = new RefundCapabilities { OnePerCharge = true };
        h["mpesa"].EnqueueRefunds(FakeBehavior.Decline("R000002", "reversal refused"));
        var rejected = await h.Gateway.RefundAsync(Refund("rf-1"));
        Assert.Equal(RefundStatus.Rejected, rejected.Status);
        Assert.Equal(("R000002", "reversal refused"), (rejected.Code, rejected.Message));
        Assert.Equal(Money.Kes(200m), rejected.Payment.RefundableAmount); // a rejected refund holds nothing

        var second = await h.Gateway.RefundAsync(Refund("rf-2"));
        Assert.Equal(RefundStatus.Succeeded, second.Status);
        var third = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(Refund("rf-3", amount: 0.01m)));
        Assert.Equal(RefundRefusal.ExceedsRefundable, third.Refusal);
    }

    [Fact]
    public async Task RefundAsync_ProviderCannotRefund_RefusedNamingTheProvider()
    {
        using var h = await PaidAsync();
        h["mpesa"].RefundCapabilities = RefundCapabilities.None;
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(Refund()));
        Assert.Equal(RefundRefusal.ProviderCannotRefund, refused.Refusal);
        Assert.Contains("'mpesa'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefundAsync_NotProcessed_FailedAndTheAmountFreed()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.NotProcessed());
        var failed = await h.Gateway.RefundAsync(Refund());
        Assert.Equal(RefundStatus.Failed, failed.Status);
        Assert.Equal(Money.Kes(200m), failed.Payment.RefundableAmount);
        Assert.Empty(h["mpesa"].Refunds);

        var retried = await h.Gateway.RefundAsync(Refund()); // the same key stays failed: a new key tries again
        Assert.Equal(RefundStatus.Failed, retried.Status);
        Assert.Equal(RefundStatus.Succeeded, (await h.Gateway.RefundAsync(Refund("rf-2"))).Status);
    }

    [Fact]
    public async Task RefundAsync_AnswerLostAfterTheMoneyMoved_UnknownThenReconciledWithoutResending()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.ChargeThenUnknown());
        var unknown = await h.Gateway.RefundAsync(Refund());
        Assert.Equal(RefundStatus.Unknown, unknown.Status);
        Assert.Equal(Money.Kes(0m), unknown.Payment.RefundableAmount); // reserved while unknown
        await Assert.ThrowsAsync<RefundRefusedException>(() => h.Gateway.RefundAsync(Refund("rf-2")));

        Assert.Equal(0, await h.ReconcileAsync()); // not due yet
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        Assert.Equal(1, await h.ReconcileAsync());

        var settled = await h.Gateway.GetRefundAsync("rf-1");
        Assert.Equal(RefundStatus.Succeeded, settled!.Status);
        Assert.Equal(OutcomeSource.StatusQuery, settled.Refund.Source);
        Assert.Single(h["mpesa"].RefundRequests); // never sent again
        Assert.Single(h["mpesa"].Refunds);
        Assert.Null((await h.Store.GetAsync("park-001", default))!.DueAt); // nothing open: no longer due
        Assert.Equal(0, await h.ReconcileAsync());
    }

    [Fact]
    public async Task RefundAsync_LostBeforeReachingTheProvider_ReconciledAsFailed()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.Unknown());
        Assert.Equal(RefundStatus.Unknown, (await h.Gateway.RefundAsync(Refund())).Status);
        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();
        var failed = await h.Gateway.GetRefundAsync("rf-1");
        Assert.Equal(RefundStatus.Failed, failed!.Status);
        Assert.Equal(Money.Kes(200m), failed.Payment.RefundableAmount);
        Assert.Single(h["mpesa"].RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_StatusQueriesInconclusive_BacksOffAndFlagsAfterTheThreshold()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.ChargeThenUnknown());
        await h.Gateway.RefundAsync(Refund());
        h["mpesa"].FailStatusQueries();
        var checks = 0;
        for (var i = 0; i < 40 && h.Time.GetUtcNow() - GatewayHarness.Start < h.Options.Reconciliation.AttentionAfter + TimeSpan.FromMinutes(10); i++)
        {
            h.Time.Advance(h.Options.Reconciliation.MaxDelay + TimeSpan.FromSeconds(1));
            checks += await h.ReconcileAsync();
        }

        var open = await h.Gateway.GetRefundAsync("rf-1");
        Assert.Equal(RefundStatus.Unknown, open!.Status); // never given up: the money may have moved
        Assert.True(open.Refund.Checks >= 10);
        Assert.Contains(h.Events.All.OfType<PaymentNeedsAttentionEvent>(), e => e.LastReason!.Contains("refund rf-1", StringComparison.Ordinal));
        Assert.Single(h["mpesa"].RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_AsynchronousProvider_PendingThenTheCallbackSettlesIt()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.Accept());
        var pending = await h.Gateway.RefundAsync(Refund());
        Assert.Equal(RefundStatus.Pending, pending.Status);
        Assert.NotNull(pending.ProviderReference);

        var update = h["mpesa"].CompleteRefund(pending.Refund.Reference);
        var applied = await h.Gateway.ApplyRefundUpdateAsync(update);
        Assert.Equal(ProviderUpdateDisposition.Applied, applied.Disposition);
        Assert.Equal(RefundStatus.Succeeded, applied.Refund!.Status);
        Assert.Equal(OutcomeSource.Callback, applied.Refund.Refund.Source);

        var duplicate = await h.Gateway.ApplyRefundUpdateAsync(update);
        Assert.Equal(ProviderUpdateDisposition.Unchanged, duplicate.Disposition);
        var late = await h.Gateway.ApplyRefundUpdateAsync(update with { Outcome = ProviderOutcome.Declined("x", "late refusal") });
        Assert.Equal(ProviderUpdateDisposition.Unchanged, late.Disposition); // a final refund is never undone
        Assert.Equal(RefundStatus.Succeeded, (await h.Gateway.GetRefundAsync("rf-1"))!.Status);
    }

    [Fact]
    public async Task ApplyRefundUpdateAsync_ByTheProvidersReferenceOrTheCharge_FindsTheRefund()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.Accept(), FakeBehavior.Accept());
        var first = await h.Gateway.RefundAsync(Refund("rf-1", amount: 50m));
        var byProviderReference = await h.Gateway.ApplyRefundUpdateAsync(new RefundUpdate
        {
            Provider = "MPESA",
            ProviderReference = first.ProviderReference,
            Outcome = ProviderOutcome.Succeeded() with { Amount = Money.Kes(50m) },
        });
        Assert.Equal((ProviderUpdateDisposition.Applied, "rf-1"), (byProviderReference.Disposition, byProviderReference.Refund!.RefundKey));

        var unknown = await h.Gateway.ApplyRefundUpdateAsync(new RefundUpdate { Provider = "mpesa", ProviderReference = "nobody", Outcome = ProviderOutcome.Succeeded() });
        Assert.Equal(ProviderUpdateDisposition.UnknownReference, unknown.Disposition);
        Assert.Null(unknown.Refund);
    }

    [Fact]
    public async Task ApplyRefundUpdateAsync_SuccessForAnotherAmount_NotCountedAsRefunded()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.Accept());
        var pending = await h.Gateway.RefundAsync(Refund(amount: 50m));
        var applied = await h.Gateway.ApplyRefundUpdateAsync(new RefundUpdate
        {
            Provider = "mpesa",
            RefundReference = pending.Refund.Reference,
            Outcome = ProviderOutcome.Succeeded() with { Amount = Money.Kes(500m) },
        });
        Assert.Equal(RefundStatus.Pending, pending.Status);
        Assert.Equal(RefundStatus.Unknown, applied.Refund!.Status);
        Assert.Equal("amount-mismatch", applied.Refund.Code);
        Assert.Equal(Money.Kes(0m), applied.Refund.Payment.RefundedAmount);
    }

    [Fact]
    public async Task RefundAsync_EveryChange_RaisesRefundStatusChangedInOrder()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.Accept());
        var pending = await h.Gateway.RefundAsync(Refund());
        await h.Gateway.ApplyRefundUpdateAsync(h["mpesa"].CompleteRefund(pending.Refund.Reference));
        var changes = h.Events.All.OfType<RefundStatusChangedEvent>().Select(e => (e.PreviousStatus, e.Refund.Status)).ToArray();
        Assert.Equal(
            [((RefundStatus?)null, RefundStatus.Processing), (RefundStatus.Processing, RefundStatus.Pending), (RefundStatus.Pending, RefundStatus.Succeeded)],
            changes);
    }

    [Fact]
    public async Task RefundAsync_CrashAfterReservingBeforeTheAnswer_ReconcilerAsksAfterTheInFlightWindowAndNeverResends()
    {
        using var h = await PaidAsync();
        h["mpesa"].EnqueueRefunds(FakeBehavior.ChargeThenHang());
        using var cancel = new CancellationTokenSource();
        var running = h.Gateway.RefundAsync(Refund(), cancel.Token);
        await cancel.CancelAsync(); // the caller stops waiting; the refund is reserved and in flight
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var reserved = (await h.Store.GetAsync("park-001", default))!.FindRefund("rf-1")!;
        Assert.Equal(RefundStatus.Processing, reserved.Status);

        // This instance "dies" here: a new gateway over the same store takes over once the in-flight window has passed.
        using var restarted = new PaymentGateway(h.Providers, h.Store, Microsoft.Extensions.Options.Options.Create(h.Options), h.Time);
        Assert.Equal(0, await restarted.Claimer.RunReconciliationOnceAsync(default));
        h.Time.Advance(reserved.DueAt!.Value - h.Time.GetUtcNow());
        Assert.Equal(1, await restarted.Claimer.RunReconciliationOnceAsync(default));
        Assert.Equal(RefundStatus.Succeeded, (await restarted.GetRefundAsync("rf-1"))!.Status);
        Assert.Single(h["mpesa"].RefundRequests);
        Assert.Single(h["mpesa"].Refunds);
    }

    [Fact]
    public async Task RefundAsync_ConcurrentPartials_NeverExceedTheCapturedAmount()
    {
        using var h = await PaidAsync(amount: 1000m);
        var tasks = Enumerable.Range(1, 24).Select(i => Task.Run(async () =>
        {
            try
            {
                return await h.Gateway.RefundAsync(Refund($"rf-{i}", amount: 130m));
            }
            catch (RefundRefusedException)
            {
                return null;
            }
        })).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(7, results.Count(r => r?.Status == RefundStatus.Succeeded)); // 7 x 130 = 910; an eighth would be 1040
        Assert.Equal(910m, h["mpesa"].Refunds.Sum(r => r.Amount.Amount));
        Assert.Equal(7, h["mpesa"].RefundRequests.Count);
        var payment = await h.Gateway.GetAsync("park-001");
        Assert.Equal(Money.Kes(90m), payment!.RefundableAmount);
    }

    [Theory]
    [InlineData("", "park-001", "RefundKey")]
    [InlineData("rf 1", "park-001", "RefundKey")]
    [InlineData("rf-1", "", "PaymentKey")]
    public async Task RefundAsync_InvalidKeys_ValidationErrorNamingTheField(string refundKey, string paymentKey, string field)
    {
        using var h = await PaidAsync();
        var error = await Assert.ThrowsAsync<PaymentValidationException>(() => h.Gateway.RefundAsync(Refund(refundKey, paymentKey)));
        Assert.Equal(field, error.ParamName);
        Assert.Empty(h["mpesa"].RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_NegativeAmountLongReasonZeroAttempt_EveryFieldNamed()
    {
        using var h = await PaidAsync();
        var error = await Assert.ThrowsAsync<PaymentValidationException>(() => h.Gateway.RefundAsync(Refund(amount: -1m, reason: new string('x', 201), attempt: 0)));
        Assert.Equal(["Amount", "Reason", "AttemptNumber"], error.Errors.Select(e => e.Field).ToArray());
    }
}
