using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Paystack;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>The adapter's refunds against the Paystack simulator over real HTTP, its signed refund webhooks through the callback handler.</summary>
public sealed class RefundSimulatorTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PaystackSimulator _sim;
    private readonly PaystackCallbackHandler _handler = new(new PaystackWebhook(SecretKey));

    public RefundSimulatorTests() => _sim = new PaystackSimulator(SecretKey, seed: 5, timeProvider: _time);

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    private PaystackPaymentProvider Adapter(TimeSpan? timeout = null) => Provider(_sim.BaseAddress, timeout ?? TimeSpan.FromSeconds(15), time: _time);

    private async Task ChargeAsync()
    {
        var charged = await Adapter().InitiateAsync(Charge(), CancellationToken.None); // a card: KES 200, park-001-1
        Assert.Equal(OutcomeKind.Succeeded, charged.Kind);
    }

    private static ProviderRefundRequest RefundOf(decimal amount, string reference = "rf-park-001-a") => PaystackTestKit.Refund(amount, reference);

    /// <summary>The refund webhooks produced so far, each through the callback handler.</summary>
    private async Task<List<(string Event, PaymentCallbackResult Result)>> RefundWebhooksAsync()
    {
        await _sim.WhenCallbacksSentAsync();
        var handled = new List<(string, PaymentCallbackResult)>();
        foreach (var callback in _sim.Callbacks.Where(c => c.Event?.StartsWith("refund.", StringComparison.Ordinal) == true))
        {
            var result = await _handler.HandleAsync(new PaymentCallback { Body = System.Text.Encoding.UTF8.GetBytes(callback.Body), Headers = callback.Headers }, CancellationToken.None);
            handled.Add((callback.Event!, result));
        }

        return handled;
    }

    [Fact]
    public async Task PartialRefund_MovesPendingProcessingProcessed_WithASignedWebhookEach_AndGivesTheMoneyBackOnce()
    {
        await ChargeAsync();

        var refund = await Adapter().RefundAsync(RefundOf(50.25m), CancellationToken.None);
        Assert.Equal(OutcomeKind.Pending, refund.Kind);
        var id = refund.ProviderReference!;
        var record = Assert.Single(_sim.RefundRecords);
        Assert.Equal(("pending", 5025L, "rf-park-001-a"), (record.Status, record.AmountMinor, record.MerchantNote));
        Assert.Empty(_sim.Refunds);

        _time.Advance(_sim.RefundStepDelay);
        Assert.Equal("processing", Assert.Single(_sim.RefundRecords).Status);
        Assert.Equal(OutcomeKind.Pending, (await Adapter().QueryRefundAsync(RefundOf(50.25m) with { ProviderReference = id }, CancellationToken.None)).Kind);

        _time.Advance(_sim.RefundStepDelay);
        Assert.True(Assert.Single(_sim.RefundRecords).IsProcessed);
        var money = Assert.Single(_sim.Refunds);
        Assert.Equal((50.25m, "KES", id, "park-001-1"), (money.Amount, money.Currency, money.RefundReference, money.MerchantReference));
        var settled = await Adapter().QueryRefundAsync(RefundOf(50.25m) with { ProviderReference = id }, CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, settled.Kind);
        Assert.Equal(Money.Kes(50.25m), settled.Amount);

        var webhooks = await RefundWebhooksAsync();
        Assert.Equal(["refund.pending", "refund.processing", "refund.processed"], webhooks.Select(w => w.Event));
        Assert.All(webhooks, w => Assert.Equal(PaymentCallbackVerdict.Accepted, w.Result.Verdict));
        var updates = webhooks.Select(w => Assert.Single(w.Result.RefundUpdates)).ToList();
        Assert.All(updates, u => Assert.Equal((id, "park-001-1", "rf-park-001-a"), (u.ProviderReference, u.ChargeProviderReference, u.RefundReference)));
        Assert.Equal([OutcomeKind.Pending, OutcomeKind.Pending, OutcomeKind.Succeeded], updates.Select(u => u.Outcome.Kind));
        Assert.Equal(Money.Kes(50.25m), updates[^1].Outcome.Amount);

        _time.Advance(TimeSpan.FromDays(1)); // final: nothing moves any more
        Assert.Single(_sim.Refunds);
    }

    [Fact]
    public async Task FullRefund_ThenAnyMore_IsRefusedAsFullyReversed_Declined()
    {
        await ChargeAsync();
        Assert.Equal(OutcomeKind.Pending, (await Adapter().RefundAsync(RefundOf(200m), CancellationToken.None)).Kind);

        var again = await Adapter().RefundAsync(RefundOf(1m, "rf-park-001-b"), CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, again.Kind);
        Assert.Equal("fully_reversed", again.Code);
        Assert.Single(_sim.RefundRecords);
        Steps(_sim, 2);
        Assert.Equal(200m, Assert.Single(_sim.Refunds).Amount);
    }

    [Fact]
    public async Task TwoPartialRefunds_TheExcessIsRefused_NeverMoreThanCharged()
    {
        await ChargeAsync();
        Assert.Equal(OutcomeKind.Pending, (await Adapter().RefundAsync(RefundOf(150m, "rf-a"), CancellationToken.None)).Kind);

        var excess = await Adapter().RefundAsync(RefundOf(50.01m, "rf-b"), CancellationToken.None);
        Assert.Equal(OutcomeKind.Declined, excess.Kind);
        Assert.Equal("amount_exceeds_refundable", excess.Code);

        Assert.Equal(OutcomeKind.Pending, (await Adapter().RefundAsync(RefundOf(50m, "rf-c"), CancellationToken.None)).Kind);
        Steps(_sim, 2);
        Assert.Equal(200m, _sim.Refunds.Sum(r => r.Amount));
        Assert.Equal(2, _sim.Refunds.Count);
    }

    [Fact]
    public async Task RefundOfAnUnknownOrUnpaidTransaction_IsNotProcessed()
    {
        var unknown = await Adapter().RefundAsync(RefundOf(50m), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, unknown.Kind);
        Assert.Equal("transaction_not_found", unknown.Code);

        Assert.Equal(OutcomeKind.Pending, (await Adapter().InitiateAsync(Charge(Mpesa, reference: "park-002-1"), CancellationToken.None)).Kind);
        var unpaid = await Adapter().RefundAsync(PaystackTestKit.Refund(50m, attempt: "park-002-1"), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, unpaid.Kind);
        Assert.Empty(_sim.RefundRecords);
    }

    [Fact]
    public async Task WrongKey_Is401_NotProcessed()
    {
        await ChargeAsync();
        var outcome = await Provider(_sim.BaseAddress, secretKey: "sk_test_wrong").RefundAsync(RefundOf(50m), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("401", outcome.Code);
        Assert.Empty(_sim.RefundRecords);
    }

    [Fact]
    public async Task AnsweredLate_IsUnknown_ThenTheListingFindsItByMerchantNote_AndItSettles()
    {
        await ChargeAsync();
        _sim.AnswerRefundsLate();

        var lost = await Adapter(TimeSpan.FromMilliseconds(500)).RefundAsync(RefundOf(50m), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, lost.Kind);
        Assert.Null(lost.ProviderReference);
        await WaitForAsync(() => _sim.RefundRecords.Count == 1); // the refund was made all the same

        var found = await Adapter().QueryRefundAsync(RefundOf(50m), CancellationToken.None); // no id: the listing
        Assert.Equal(OutcomeKind.Pending, found.Kind);
        Assert.Equal(_sim.RefundRecords[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), found.ProviderReference);

        Steps(_sim, 2);
        Assert.Equal(OutcomeKind.Succeeded, (await Adapter().QueryRefundAsync(RefundOf(50m), CancellationToken.None)).Kind);
        Assert.Single(_sim.Refunds);
    }

    [Fact]
    public async Task RefusedBeforeRecording_503_IsUnknown_ThenNotFoundOnlyAfterTheSettleWindow()
    {
        await ChargeAsync();
        _sim.Fail503();
        Assert.Equal(OutcomeKind.Unknown, (await Adapter().RefundAsync(RefundOf(50m), CancellationToken.None)).Kind);
        _sim.ClearFaults();

        var early = await Adapter().QueryRefundAsync(RefundOf(50m), CancellationToken.None);
        Assert.Equal((OutcomeKind.Unknown, "not_found"), (early.Kind, early.Code));

        _time.Advance(TimeSpan.FromMinutes(3)); // past LastInFlightAt + NotFoundSettleTime (2 min)
        var late = await Adapter().QueryRefundAsync(RefundOf(50m), CancellationToken.None);
        Assert.Equal((OutcomeKind.NotProcessed, "not_found"), (late.Kind, late.Code));
        Assert.Empty(_sim.RefundRecords);
    }

    [Fact]
    public async Task RefundsFail_EndsFailed_Declined_NothingGivenBack_AndTheAmountIsFreeAgain()
    {
        await ChargeAsync();
        _sim.RefundsFail = true;
        var id = (await Adapter().RefundAsync(RefundOf(200m), CancellationToken.None)).ProviderReference!;
        Steps(_sim, 2);

        Assert.Equal("failed", Assert.Single(_sim.RefundRecords).Status);
        Assert.Empty(_sim.Refunds);
        var failed = await Adapter().QueryRefundAsync(RefundOf(200m) with { ProviderReference = id }, CancellationToken.None);
        Assert.Equal((OutcomeKind.Declined, "failed"), (failed.Kind, failed.Code));
        // Two steps at once: their webhooks' deliveries may end in either order (Callbacks lists them as they end).
        var webhook = (await RefundWebhooksAsync()).Single(w => w.Event != "refund.pending" && w.Event != "refund.processing");
        Assert.Equal("refund.failed", webhook.Event);
        Assert.Equal(OutcomeKind.Declined, Assert.Single(webhook.Result.RefundUpdates).Outcome.Kind);

        _sim.RefundsFail = false;
        Assert.Equal(OutcomeKind.Pending, (await Adapter().RefundAsync(RefundOf(200m, "rf-park-001-b"), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task NeedsAttention_IsPending_ThenProcessed()
    {
        await ChargeAsync();
        _sim.RefundsNeedAttention = true;
        var id = (await Adapter().RefundAsync(RefundOf(20m), CancellationToken.None)).ProviderReference!;

        _time.Advance(_sim.RefundStepDelay);
        Assert.Equal("needs-attention", Assert.Single(_sim.RefundRecords).Status);
        var attention = await Adapter().QueryRefundAsync(RefundOf(20m) with { ProviderReference = id }, CancellationToken.None);
        Assert.Equal((OutcomeKind.Pending, "needs-attention"), (attention.Kind, attention.Code));

        Steps(_sim, 2);
        Assert.Equal(OutcomeKind.Succeeded, (await Adapter().QueryRefundAsync(RefundOf(20m) with { ProviderReference = id }, CancellationToken.None)).Kind);
        Assert.Equal(["refund.pending", "refund.needs-attention", "refund.processing", "refund.processed"], (await RefundWebhooksAsync()).Select(w => w.Event));
    }

    [Fact]
    public async Task LostWebhooks_TheQuerySettlesTheRefund()
    {
        await ChargeAsync();
        _sim.LoseCallbacks();
        var id = (await Adapter().RefundAsync(RefundOf(50m), CancellationToken.None)).ProviderReference!;
        Steps(_sim, 2);
        await _sim.WhenCallbacksSentAsync();

        Assert.All(_sim.Callbacks.Where(c => c.Event!.StartsWith("refund.", StringComparison.Ordinal)), c => Assert.Equal(0, c.Deliveries));
        Assert.Equal(OutcomeKind.Succeeded, (await Adapter().QueryRefundAsync(RefundOf(50m) with { ProviderReference = id }, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task ForgedRefundWebhook_IsRefused()
    {
        await ChargeAsync();
        var id = (await Adapter().RefundAsync(RefundOf(50m), CancellationToken.None)).ProviderReference!;
        var forged = $$$"""{"event":"refund.processed","data":{"id":{{{id}}},"status":"processed","transaction_reference":"park-001-1","amount":"5000","currency":"KES","merchant_note":"rf-park-001-a"}}""";

        var result = await _handler.HandleAsync(Signed(forged, "sk_test_attacker"), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Unauthorized, result.Verdict);
        Assert.Empty(result.RefundUpdates);
        Assert.Equal("pending", Assert.Single(_sim.RefundRecords).Status);
    }

    [Fact]
    public async Task Journal_RestoresRefunds_WhichGoOnMoving()
    {
        var journal = new List<JsonObject>();
        _sim.TransactionJournal = record => journal.Add((JsonObject)record.DeepClone());
        await ChargeAsync();
        await Adapter().RefundAsync(RefundOf(150m, "rf-a"), CancellationToken.None);
        Steps(_sim, 2);
        await Adapter().RefundAsync(RefundOf(20m, "rf-b"), CancellationToken.None);

        await using var restored = new PaystackSimulator(SecretKey, seed: 5, timeProvider: _time);
        restored.ImportTransactions(journal);

        Assert.Equal(_sim.RefundRecords, restored.RefundRecords);
        Assert.Equal(150m, Assert.Single(restored.Refunds).Amount);
        var excess = await Provider(restored.BaseAddress, time: _time).RefundAsync(RefundOf(40m, "rf-c"), CancellationToken.None);
        Assert.Equal("amount_exceeds_refundable", excess.Code); // 150 + 20 held of 200
        Steps(restored, 2);
        Assert.Equal([150m, 20m], restored.Refunds.Select(r => r.Amount));
    }

    /// <summary>Advances the clock one refund step at a time: each step schedules the next on the clock.</summary>
    private void Steps(PaystackSimulator simulator, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(simulator.RefundStepDelay);
        }
    }
}
