using System.Text;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.AirtelMoney;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>Issue 13: refunds against the Airtel Money simulator over real HTTP: the books, the enquiry, the callback and the faults.</summary>
public sealed class RefundSimulatorTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(AirtelStub.Start);
    private readonly AirtelMoneySimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public RefundSimulatorTests()
    {
        _sim = new AirtelMoneySimulator("airtel-client-id", AirtelStub.ClientSecret, seed: 7, timeProvider: _time) { CallbackUrl = new Uri(_receiver.Url + "/airtel/callback") };
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/airtel/callback").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
    }

    public async ValueTask DisposeAsync()
    {
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private AirtelMoneyPaymentProvider Adapter(TimeSpan? timeout = null) => Provider(_sim.BaseAddress, _time, timeout);

    /// <summary>Pays 200 KES through the simulator and returns the refund request of that charge.</summary>
    private async Task<ProviderRefundRequest> PaidAsync(AirtelMoneyPaymentProvider adapter)
    {
        Assert.Equal(OutcomeKind.Pending, (await adapter.InitiateAsync(Request(), CancellationToken.None)).Kind);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var charge = Assert.Single(_sim.Charges);
        return Refund(charge.Receipt, sentAt: _time.GetUtcNow());
    }

    [Fact]
    public async Task Refund_AcceptedThenProcessed_GivesTheMoneyBackOnce_EnquiryAndCallbackSayTs()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);

        var accepted = await adapter.RefundAsync(refund, CancellationToken.None);
        Assert.Equal(OutcomeKind.Pending, accepted.Kind);
        Assert.Equal("rf-1", accepted.ProviderReference);
        Assert.Equal("TIP", Assert.Single(_sim.RefundTransactions).Status);
        Assert.Equal(OutcomeKind.Pending, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);
        Assert.Empty(_sim.Refunds);

        _time.Advance(_sim.RefundDelay);
        await _sim.WhenCallbacksSentAsync();

        var money = Assert.Single(_sim.Refunds);
        Assert.Equal(200m, money.Amount);
        Assert.Equal("KES", money.Currency);
        Assert.Equal(refund.ChargeReceipt, money.ChargeReference);
        Assert.Equal("rf-1", money.RefundReference);
        Assert.Equal("pay-1-1", money.MerchantReference);
        var succeeded = await adapter.QueryRefundAsync(refund, CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, succeeded.Kind);
        Assert.Equal(_sim.RefundTransactions[0].AirtelMoneyId, succeeded.Receipt);
        var callback = _receiver.LogEntries[^1].RequestMessage!.Body!;
        Assert.Contains("\"rf-1\"", callback, StringComparison.Ordinal);

        // The payment's own enquiry is untouched: the charge stays TS under its id.
        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryStatusAsync(Status(), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Refund_SecondRefundOfTheSameCharge_IsDeclinedAndMovesNoMoney()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        Assert.Equal(OutcomeKind.Pending, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);
        _time.Advance(_sim.RefundDelay);

        var again = await adapter.RefundAsync(refund with { RefundKey = "refund-2", RefundReference = "rf-2" }, CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, again.Kind);
        Assert.Equal("DP00800001008", again.Code);
        Assert.Single(_sim.Refunds);
        Assert.Single(_sim.RefundTransactions);
    }

    [Fact]
    public async Task Refund_SameRefundIdResent_IsUnknownNeverASecondRefund()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        Assert.Equal(OutcomeKind.Pending, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);

        var again = await adapter.RefundAsync(refund, CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, again.Kind);
        Assert.Equal("ESB000041", again.Code);
        Assert.Single(_sim.RefundTransactions);
    }

    [Fact]
    public async Task Refund_UnknownAirtelMoneyId_IsNotProcessed()
    {
        var outcome = await Adapter().RefundAsync(Refund("MP000000.0000.XXXXXX", sentAt: _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("ESB000045", outcome.Code);
        Assert.Empty(_sim.RefundTransactions);
    }

    [Fact]
    public async Task Refund_RejectedByAirtelLater_EndsTfDeclined_NoMoneyMoved()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        _sim.RefundDeclineCode = "DP00800001007";

        Assert.Equal(OutcomeKind.Pending, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);
        _time.Advance(_sim.RefundDelay);

        var outcome = await adapter.QueryRefundAsync(refund, CancellationToken.None);
        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal("TF", _sim.RefundTransactions[0].Status);
        Assert.Empty(_sim.Refunds);
    }

    [Fact]
    public async Task Refund_RejectedAtOnceWithAValidationCode_IsNotProcessedAndNothingTaken()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        _sim.RefundDeclineCode = "DP00800001010";

        var outcome = await adapter.RefundAsync(refund, CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Empty(_sim.RefundTransactions);
    }

    [Fact]
    public async Task Refund_AnswerLost_IsUnknown_ThenTheEnquirySettlesIt_AndNothingIsSentTwice()
    {
        var adapter = Adapter(TimeSpan.FromSeconds(1));
        var refund = await PaidAsync(adapter);
        _sim.LoseRefundReplies = true;

        var outcome = await adapter.RefundAsync(refund, CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(1, _sim.RefundRequests);

        _time.Advance(_sim.RefundDelay);
        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);
        Assert.Single(_sim.Refunds);
        Assert.Equal(1, _sim.RefundRequests);
    }

    [Fact]
    public async Task Refund_AnsweredLate_PastTheTimeout_IsUnknown_ThenSettledByEnquiry()
    {
        var adapter = Adapter(TimeSpan.FromSeconds(1));
        var refund = await PaidAsync(adapter);
        _sim.RefundReplyDelay = TimeSpan.FromSeconds(3);

        Assert.Equal(OutcomeKind.Unknown, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);
        _time.Advance(_sim.RefundDelay);

        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);
        Assert.Single(_sim.Refunds);
    }

    [Fact]
    public async Task Refund_NeverArrived_NotFoundIsUnknownUntilTheSettleWindow()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);

        Assert.Equal(OutcomeKind.Unknown, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);
        _time.Advance(new AirtelMoneyOptions().NotFoundSettleTime);
        Assert.Equal(OutcomeKind.NotProcessed, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task CompleteRefundAsync_ProcessesAtOnce_OnlyARefundInProgress()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        Assert.False(await _sim.CompleteRefundAsync("rf-1"));
        await adapter.RefundAsync(refund, CancellationToken.None);

        Assert.True(await _sim.CompleteRefundAsync("rf-1"));
        Assert.False(await _sim.CompleteRefundAsync("rf-1"));
        Assert.Single(_sim.Refunds);
    }

    [Fact]
    public async Task Callback_ForARefundTheStoreKnows_IsConfirmedByEnquiryAsARefundUpdate()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(RecordWithRefund(refund), CancellationToken.None);
        await adapter.RefundAsync(refund, CancellationToken.None);
        _receiver.ResetLogEntries();

        _time.Advance(_sim.RefundDelay);
        await _sim.WhenCallbacksSentAsync();
        var body = Assert.Single(_receiver.LogEntries).RequestMessage!.Body!;

        var handled = await new AirtelMoneyCallbackHandler(adapter, store: store).HandleAsync(new PaymentCallback { Body = Encoding.UTF8.GetBytes(body) }, CancellationToken.None);

        Assert.Empty(handled.Updates);
        var update = Assert.Single(handled.RefundUpdates);
        Assert.Equal("rf-1", update.RefundReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(OutcomeSource.Callback, update.Source);
    }

    [Fact]
    public async Task Callback_ForARefundStillInProgress_GivesNoUpdate()
    {
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(RecordWithRefund(refund), CancellationToken.None);
        await adapter.RefundAsync(refund, CancellationToken.None);
        var forged = """{"transaction":{"id":"rf-1","status_code":"TS","airtel_money_id":"RF1"}}""";

        var handled = await new AirtelMoneyCallbackHandler(adapter, store: store).HandleAsync(new PaymentCallback { Body = Encoding.UTF8.GetBytes(forged) }, CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, handled.Verdict);
        Assert.Empty(handled.RefundUpdates);
        Assert.Empty(handled.Updates);
    }

    [Fact]
    public async Task Journal_RefundsSurviveARestart_AndTheChargeIsStillRefundedOnlyOnce()
    {
        var journal = new List<System.Text.Json.Nodes.JsonObject>();
        _sim.TransactionJournal = t => { lock (journal) { journal.Add(t); } };
        var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        await adapter.RefundAsync(refund, CancellationToken.None);
        _time.Advance(_sim.RefundDelay);

        await using var restarted = new AirtelMoneySimulator("airtel-client-id", AirtelStub.ClientSecret, seed: 8, timeProvider: _time);
        restarted.ImportTransactions(journal);

        Assert.Single(restarted.Refunds);
        Assert.Equal("TS", Assert.Single(restarted.RefundTransactions).Status);
        var again = await Provider(restarted.BaseAddress, _time).RefundAsync(refund with { RefundReference = "rf-2" }, CancellationToken.None);
        Assert.Equal(OutcomeKind.Declined, again.Kind);
        Assert.Single(restarted.Refunds);
    }

    private PaymentRecord RecordWithRefund(ProviderRefundRequest refund) => new()
    {
        Key = "pay-1",
        Request = new PaymentRequest { IdempotencyKey = "pay-1", Amount = Money.Kes(200), Instruments = [refund.Instrument] },
        Status = PaymentStatus.Succeeded,
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
        Refunds =
        [
            new PaymentRefund
            {
                Key = refund.RefundKey,
                Reference = refund.RefundReference,
                AttemptNumber = 1,
                Provider = "airtel",
                Amount = refund.Amount,
                Status = RefundStatus.Pending,
                CreatedAt = _time.GetUtcNow(),
                UpdatedAt = _time.GetUtcNow(),
            },
        ],
    };
}
