using Resilience.Payments.Testing;
using static Resilience.Payments.Tests.Gateway.GatewayTestKit;

namespace Resilience.Payments.Tests.Gateway;

public class OutcomeClassTests
{
    [Fact]
    public async Task PayAsync_ProviderSucceeds_SucceededWithReceiptAndProviderReference()
    {
        using var h = new GatewayHarness();

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.True(result.IsFinal);
        Assert.Equal("mpesa", result.Provider);
        var charge = Assert.Single(h["mpesa"].Charges);
        Assert.Equal(charge.Receipt, result.Receipt);
        Assert.False(string.IsNullOrEmpty(result.ProviderReference));
        Assert.Equal(Money.Kes(200m), charge.Amount);
        Assert.Equal("park-001-1", Refs.Plain(charge.AttemptReference));
        var request = Assert.Single(h["mpesa"].Requests);
        Assert.Equal("park-001-1", Refs.Plain(request.AttemptReference));
        Assert.Equal(1, request.AttemptNumber);
        Assert.Equal("park-001", request.PaymentKey);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);
    }

    [Fact]
    public async Task PayAsync_ProviderAccepts_PendingThenCallbackMakesItSucceeded()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());

        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Pending, pending.Status);
        Assert.False(pending.IsFinal);
        Assert.NotNull(pending.ProviderReference);
        Assert.Null(pending.Receipt);
        Assert.Empty(h.AllCharges);

        var callback = h["mpesa"].Complete(h["mpesa"].Requests[0].AttemptReference);
        var applied = await h.Gateway.ApplyProviderUpdateAsync(callback);

        Assert.Equal(ProviderUpdateDisposition.Applied, applied.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, applied.Payment!.Status);
        var charge = Assert.Single(h["mpesa"].Charges);
        Assert.Equal(charge.Receipt, applied.Payment.Receipt);
        Assert.Equal(pending.ProviderReference, applied.Payment.ProviderReference);
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("park-001"))!.Status);
        Assert.Empty(h["paystack"].Requests);
    }

    [Fact]
    public async Task PayAsync_ProviderRequiresAction_ActionRequiredWithRedirect()
    {
        using var h = new GatewayHarness();
        var url = new Uri("https://checkout.example/3ds/abc");
        h["mpesa"].Enqueue(FakeBehavior.RequireAction(url));

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.ActionRequired, result.Status);
        Assert.NotNull(result.Action);
        Assert.Equal(PaymentActionKind.Redirect, result.Action.Kind);
        Assert.Equal(url, result.Action.RedirectUrl);
        Assert.Empty(h.AllCharges);
        Assert.Empty(h["paystack"].Requests);
    }

    [Fact]
    public async Task PayAsync_ProviderDeclines_DeclinedWithCodeAndNoFailover()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Decline("2001", "wrong PIN"));

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Declined, result.Status);
        Assert.Equal("2001", result.DeclineCode);
        Assert.Equal("wrong PIN", result.DeclineReason);
        Assert.Single(result.Attempts);
        Assert.Single(h["mpesa"].Requests);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);
        Assert.Empty(h.AllCharges);
    }

    [Fact]
    public async Task PayAsync_ProviderNotProcessed_TriesNextCandidateWithNextAttemptReference()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed("connection refused", "ECONNREFUSED"));

        var result = await h.Gateway.PayAsync(GatewayHarness.Request(key: "np-7"));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal([OutcomeKind.NotProcessed, OutcomeKind.Succeeded], result.Attempts.Select(a => a.Outcome!.Value));
        Assert.Equal(["np-7-1", "np-7-2"], Refs.Plain(result.Attempts.Select(a => a.Reference)));
        Assert.Equal("ECONNREFUSED", result.Attempts[0].Code);
        Assert.Equal("np-7-1", Refs.Plain(Assert.Single(h["mpesa"].Requests).AttemptReference));
        var second = Assert.Single(h["paystack"].Requests);
        Assert.Equal("np-7-2", Refs.Plain(second.AttemptReference));
        Assert.Equal(2, second.AttemptNumber);
        Assert.Empty(h["mpesa"].Charges);
        Assert.Equal("np-7-2", Refs.Plain(Assert.Single(h["paystack"].Charges).AttemptReference));
        Assert.Equal(1, result.Failovers);
    }

    public static TheoryData<string> UnknownBehaviours => new() { "Unknown", "ChargeThenUnknown", "Hang", "ChargeThenHang", "Throw" };

    [Theory]
    [MemberData(nameof(UnknownBehaviours))]
    public async Task PayAsync_UnknownOutcome_PendingAndNeverFailedOver(string behaviour)
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(Behaviour(behaviour));

        var result = await PayPossiblyHangingAsync(h, GatewayHarness.Request(), behaviour.Contains("Hang", StringComparison.Ordinal));

        Assert.Equal(PaymentStatus.Pending, result.Status);
        var attempt = Assert.Single(result.Attempts);
        Assert.Equal(OutcomeKind.Unknown, attempt.Outcome);
        Assert.Single(h["mpesa"].Requests);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);
        Assert.Equal(behaviour.StartsWith("Charge", StringComparison.Ordinal) ? 1 : 0, h.AllCharges.Count());
        if (behaviour.Contains("Hang", StringComparison.Ordinal))
        {
            Assert.Equal("timeout", attempt.Code);
        }

        if (behaviour == "Throw")
        {
            Assert.Equal("exception", attempt.Code);
        }

        // Still never failed over while the answer is unknown, even when the clock moves a little.
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await h.ReconcileAsync());
        Assert.Empty(h["paystack"].Requests);
    }

    [Theory]
    [InlineData("Unknown")]
    [InlineData("Hang")]
    [InlineData("Throw")]
    public async Task ReconcileAsync_UnknownThenStatusSaysNotProcessed_FailsOverExactlyOnce(string behaviour)
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(Behaviour(behaviour)).Otherwise(FakeBehavior.NotProcessed());
        await PayPossiblyHangingAsync(h, GatewayHarness.Request(), behaviour.Contains("Hang", StringComparison.Ordinal));

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();

        var after = (await h.Gateway.GetAsync("park-001"))!;
        Assert.Equal(PaymentStatus.Succeeded, after.Status);
        Assert.Equal("paystack", after.Provider);
        Assert.Equal(1, h["mpesa"].StatusQueries);
        Assert.Single(h["paystack"].Requests);
        Assert.Single(h["paystack"].Charges);
        Assert.Empty(h["mpesa"].Charges);
        Assert.Empty(h["airtel"].Requests);

        // A further reconciliation pass changes nothing and calls nobody.
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.ReconcileAsync();
        await h.RunQueueAsync();
        Assert.Single(h["paystack"].Requests);
        Assert.Single(h.AllCharges);
        Assert.Equal(OutcomeKind.NotProcessed, after.Attempts[0].Outcome);
    }

    [Fact]
    public async Task ReconcileAsync_UnknownThenStatusSaysNotProcessed_NextAttemptGoesToNextProvider()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        await h.Gateway.PayAsync(GatewayHarness.Request());

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();

        var after = (await h.Gateway.GetAsync("park-001"))!;
        Assert.Equal(PaymentStatus.Succeeded, after.Status);
        Assert.Equal("paystack", after.Provider);
        Assert.Single(h["mpesa"].Requests);
        Assert.Single(h["paystack"].Requests);
    }

    [Theory]
    [InlineData("ChargeThenUnknown")]
    [InlineData("ChargeThenHang")]
    public async Task ReconcileAsync_UnknownThenStatusSaysSucceeded_SucceededWithSingleCharge(string behaviour)
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(Behaviour(behaviour));
        await PayPossiblyHangingAsync(h, GatewayHarness.Request(), behaviour.Contains("Hang", StringComparison.Ordinal));

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();

        var after = (await h.Gateway.GetAsync("park-001"))!;
        Assert.Equal(PaymentStatus.Succeeded, after.Status);
        var charge = Assert.Single(h.AllCharges);
        Assert.Equal(charge.Receipt, after.Receipt);
        Assert.Equal("mpesa", after.Provider);
        Assert.Equal(OutcomeSource.StatusQuery, after.Attempts.Single().Source);
        Assert.Single(h["mpesa"].Requests);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);
    }

    [Fact]
    public async Task ReconcileAsync_StatusQueriesKeepFailing_StaysPendingWithGrowingDelays()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        await h.Gateway.PayAsync(GatewayHarness.Request());
        h["mpesa"].FailStatusQueries();

        var firstDue = (await h.Store.GetAsync("park-001", CancellationToken.None))!.DueAt!.Value;
        Assert.Equal(h.Time.GetUtcNow() + h.Options.Reconciliation.FirstCheckDelay, firstDue);

        var delays = new List<TimeSpan>();
        var due = firstDue;
        for (var i = 0; i < 3; i++)
        {
            h.Time.Advance(due - h.Time.GetUtcNow());
            Assert.Equal(1, await h.ReconcileAsync());
            var record = (await h.Store.GetAsync("park-001", CancellationToken.None))!;
            Assert.Equal(PaymentStatus.Pending, record.Status);
            Assert.NotNull(record.DueAt);
            Assert.True(record.DueAt > h.Time.GetUtcNow());
            delays.Add(record.DueAt.Value - h.Time.GetUtcNow());
            due = record.DueAt.Value;
        }

        Assert.Equal(3, h["mpesa"].StatusQueries);
        Assert.True(delays[1] > delays[0], $"delays {string.Join(", ", delays)}");
        Assert.True(delays[2] > delays[1], $"delays {string.Join(", ", delays)}");
        Assert.Single(h["mpesa"].Requests);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);

        // Before the next due time nothing is claimed.
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await h.ReconcileAsync());
        Assert.Equal(3, h["mpesa"].StatusQueries);
    }

    [Fact]
    public async Task PayAsync_AllCandidatesNotProcessedAndQueueAllowed_QueuedWithEveryReason()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed("mpesa maintenance", "503"));
        h["paystack"].Enqueue(FakeBehavior.NotProcessed("paystack rate limited", "429"));
        h["airtel"].Enqueue(FakeBehavior.NotProcessed("airtel refused", "ECONNREFUSED"));

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Queued, result.Status);
        Assert.NotNull(result.NextAttemptAt);
        Assert.True(result.NextAttemptAt > h.Time.GetUtcNow());
        Assert.Contains("mpesa maintenance", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("paystack rate limited", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("airtel refused", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(3, result.Attempts.Count);
        Assert.Empty(h.AllCharges);
        Assert.Single(h["airtel"].Requests);
    }

    [Fact]
    public async Task PayAsync_AllCandidatesNotProcessedAndQueueNotAllowed_FailedWithEveryReason()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed("mpesa maintenance", "503"));
        h["paystack"].Enqueue(FakeBehavior.NotProcessed("paystack rate limited", "429"));
        h["airtel"].Enqueue(FakeBehavior.NotProcessed("airtel refused", "ECONNREFUSED"));

        var result = await h.Gateway.PayAsync(GatewayHarness.Request(allowQueue: false));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Null(result.NextAttemptAt);
        Assert.Contains("mpesa maintenance", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("paystack rate limited", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("airtel refused", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(h.AllCharges);

        // Failed is final: the workers do not pick it up again.
        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await h.RunQueueAsync());
        Assert.Equal(0, await h.ReconcileAsync());
        Assert.Equal(3, h.Providers.Sum(p => p.Requests.Count));
    }

    [Fact]
    public async Task PayAsync_RequestExpiresDuringRouting_Expired()
    {
        using var h = new GatewayHarness();
        var expiresAt = h.Time.GetUtcNow() + TimeSpan.FromSeconds(10);
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed().WithLatency(TimeSpan.FromSeconds(20)));

        var pay = h.Gateway.PayAsync(GatewayHarness.Request(expiresAt: expiresAt));
        await WaitForRequestsAsync(h["mpesa"]);
        h.Time.Advance(TimeSpan.FromSeconds(20));
        var result = await pay;

        Assert.Equal(PaymentStatus.Expired, result.Status);
        Assert.True(result.IsFinal);
        Assert.Contains("expired", result.FailureReason, StringComparison.OrdinalIgnoreCase);
        Assert.Single(result.Attempts);
        Assert.Empty(h["paystack"].Requests);
        Assert.Empty(h["airtel"].Requests);
        Assert.Empty(h.AllCharges);
    }

    [Fact]
    public async Task RunQueueAsync_QueuedPaymentDue_RoutesAgainWithContinuingAttemptReferences()
    {
        using var h = new GatewayHarness();
        foreach (var p in h.Providers)
        {
            p.Enqueue(FakeBehavior.NotProcessed());
        }

        var queued = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Queued, queued.Status);

        h.Time.Advance(queued.NextAttemptAt!.Value - h.Time.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await h.RunQueueAsync());
        Assert.Single(h["mpesa"].Requests);

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await h.RunQueueAsync());

        var final = (await h.Gateway.GetAsync("park-001"))!;
        Assert.Equal(PaymentStatus.Succeeded, final.Status);
        Assert.Equal("park-001-4", Refs.Plain(final.Attempts[^1].Reference));
        Assert.Equal(["park-001-1", "park-001-4"], Refs.Plain(h["mpesa"].Requests.Select(r => r.AttemptReference)));
        Assert.Equal("park-001-4", Refs.Plain(Assert.Single(h.AllCharges).AttemptReference));
    }

    [Fact]
    public async Task ReconcileAsync_ActionRequiredAndCallbackLost_StatusQueryFindsSuccess()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.RequireAction());
        await h.Gateway.PayAsync(GatewayHarness.Request());
        _ = h["mpesa"].Complete(h["mpesa"].Requests[0].AttemptReference); // the payer approved; the callback never arrives

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();

        var final = (await h.Gateway.GetAsync("park-001"))!;
        Assert.Equal(PaymentStatus.Succeeded, final.Status);
        Assert.Equal(h["mpesa"].Charges.Single().Receipt, final.Receipt);
        Assert.Single(h["mpesa"].Requests);
        Assert.Empty(h["paystack"].Requests);
    }

    [Fact]
    public async Task PayAsync_CallerStopsWaitingWhileProviderHangs_AttemptRunsToTimeoutAndReplayDoesNotCallAgain()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.ChargeThenHang());
        using var cts = new CancellationTokenSource();

        var pay = h.Gateway.PayAsync(GatewayHarness.Request(), cts.Token);
        await WaitForRequestsAsync(h["mpesa"]);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pay);

        // Cancelling the wait never abandons the attempt: it runs until the attempt timeout, and a replay joins it.
        var replay = h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Processing, (await h.Store.GetAsync("park-001", CancellationToken.None))!.Status);
        h.Time.Advance(h.Options.DefaultProvider.AttemptTimeout);
        var result = await replay;
        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal(OutcomeKind.Unknown, result.Attempts.Single().Outcome);
        Assert.Single(h["mpesa"].Requests);
        Assert.Empty(h["paystack"].Requests);

        h.Time.Advance(h.Options.Reconciliation.FirstCheckDelay);
        await h.ReconcileAsync();
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("park-001"))!.Status);
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task RunQueueAsync_MaxAttemptsReached_FailsAsDeadLetter()
    {
        using var h = new GatewayHarness(o =>
        {
            o.Queue.MaxAttempts = 2;
            o.DefaultProvider.MinimumThroughput = 100;
        });
        foreach (var p in h.Providers)
        {
            p.Otherwise(FakeBehavior.NotProcessed());
        }

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());
        for (var round = 0; round < 5 && result.Status == PaymentStatus.Queued; round++)
        {
            h.Time.Advance(result.NextAttemptAt!.Value - h.Time.GetUtcNow());
            Assert.Equal(1, await h.RunQueueAsync());
            result = (await h.Gateway.GetAsync("park-001"))!;
        }

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Contains("retries from the queue", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(9, result.Attempts.Count); // the first routing and two queue rounds, three providers each
        Assert.Equal(3, h["mpesa"].Requests.Count);
        Assert.Empty(h.AllCharges);
    }

    internal static FakeBehavior Behaviour(string name) => name switch
    {
        "Unknown" => FakeBehavior.Unknown(),
        "ChargeThenUnknown" => FakeBehavior.ChargeThenUnknown(),
        "Hang" => FakeBehavior.Hang(),
        "ChargeThenHang" => FakeBehavior.ChargeThenHang(),
        "Throw" => FakeBehavior.Throw(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>Pays; if the first provider hangs, waits until it has the request and advances the fake clock past the attempt timeout.</summary>
    internal static async Task<PaymentResult> PayPossiblyHangingAsync(GatewayHarness h, PaymentRequest request, bool hangs)
    {
        var pay = h.Gateway.PayAsync(request);
        if (hangs)
        {
            await WaitForRequestsAsync(h["mpesa"]);
            h.Time.Advance(h.Options.DefaultProvider.AttemptTimeout);
        }

        return await pay;
    }
}
