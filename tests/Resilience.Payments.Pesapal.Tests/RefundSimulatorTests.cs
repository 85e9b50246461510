using System.Net.Http;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Pesapal;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>Issue 13: refunds against the Pesapal simulator over real HTTP: merchant approval, REVERSED, the IPN and the faults.</summary>
public sealed class RefundSimulatorTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PesapalSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public RefundSimulatorTests()
    {
        _sim = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 9, timeProvider: _time);
        _receiver.Given(Request.Create().WithPath("/ipn")).RespondWith(Response.Create().WithStatusCode(200));
    }

    public async ValueTask DisposeAsync()
    {
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private PesapalPaymentProvider Adapter(TimeSpan? timeout = null)
    {
        var options = Options(_sim.BaseAddress, timeout);
        options.IpnUrl = new Uri(_receiver.Url + "/ipn");
        return new PesapalPaymentProvider(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), _time);
    }

    /// <summary>Pays 200.50 KES through the simulator and returns the refund of that payment.</summary>
    private async Task<ProviderRefundRequest> PaidAsync(PesapalPaymentProvider adapter, decimal amount = 200.50m, PaymentInstrument? instrument = null)
    {
        var order = await adapter.InitiateAsync(Order(instrument), CancellationToken.None);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var charge = Assert.Single(_sim.Charges);
        return Refund(amount: amount, receipt: charge.Receipt, trackingId: order.ProviderReference, instrument: instrument);
    }

    [Fact]
    public async Task Refund_MerchantApprovesAfterTheDelay_ReversedOnce_IpnGivesARefundUpdate()
    {
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter);

        var accepted = await adapter.RefundAsync(refund, CancellationToken.None);
        Assert.Equal(OutcomeKind.Pending, accepted.Kind);
        Assert.Equal("Pending", Assert.Single(_sim.RefundTransactions).Status);
        Assert.Equal(OutcomeKind.Pending, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);
        Assert.Empty(_sim.Refunds);

        _time.Advance(_sim.RefundApprovalDelay);
        await _sim.WhenCallbacksSentAsync();

        var money = Assert.Single(_sim.Refunds);
        Assert.Equal(200.50m, money.Amount);
        Assert.Equal(refund.ChargeProviderReference, money.ChargeReference);
        Assert.Equal("park-001-1", money.MerchantReference);
        var succeeded = await adapter.QueryRefundAsync(refund, CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, succeeded.Kind);
        Assert.Equal(Money.Kes(200.50m), succeeded.Amount);

        var ipn = _sim.Callbacks[^1];
        var handled = await new PesapalCallbackHandler(adapter).HandleAsync(new PaymentCallback { Method = "POST", Body = System.Text.Encoding.UTF8.GetBytes(ipn.Body) }, CancellationToken.None);
        var update = Assert.Single(handled.RefundUpdates);
        Assert.Equal(refund.ChargeProviderReference, update.ChargeProviderReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Null(update.Outcome.Amount);
        Assert.Equal(OutcomeKind.Declined, Assert.Single(handled.Updates).Outcome.Kind); // the payment's own report: REVERSED
    }

    [Fact]
    public async Task Refund_SecondRequestForThePayment_IsDeclined()
    {
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        Assert.Equal(OutcomeKind.Pending, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);

        var again = await adapter.RefundAsync(refund with { RefundKey = "refund-2", RefundReference = "rf-2" }, CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, again.Kind);
        Assert.Contains("multiple refunds", again.Reason, StringComparison.OrdinalIgnoreCase);
        _time.Advance(_sim.RefundApprovalDelay);
        await _sim.WhenCallbacksSentAsync();
        Assert.Single(_sim.Refunds);
    }

    [Fact]
    public async Task Refund_PartialOfACardPayment_IsTakenAndGivesBackThatAmount()
    {
        _sim.PaymentMethod = "Visa";
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter, amount: 100);

        Assert.Equal(OutcomeKind.Pending, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);
        _time.Advance(_sim.RefundApprovalDelay);
        await _sim.WhenCallbacksSentAsync();

        Assert.Equal(100m, Assert.Single(_sim.Refunds).Amount);
        var succeeded = await adapter.QueryRefundAsync(refund, CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, succeeded.Kind);
        Assert.Null(succeeded.Amount);
    }

    [Fact]
    public async Task Refund_PartialOfAMobilePaidCheckout_IsNotSent()
    {
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter, amount: 100);

        var outcome = await adapter.RefundAsync(refund, CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(0, _sim.RefundRequests);
    }

    [Fact]
    public async Task Refund_MoreThanWasPaid_IsDeclinedBySimulator()
    {
        _sim.PaymentMethod = "Visa";
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter);

        var outcome = await adapter.RefundAsync(refund with { Amount = Money.Kes(500) }, CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Empty(_sim.RefundTransactions);
    }

    [Fact]
    public async Task Refund_MerchantRejectsInTheDashboard_StaysPending_NoMoneyNoIpn()
    {
        _sim.MerchantRejectsRefunds = true;
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        var ipns = _sim.Callbacks.Count;

        Assert.Equal(OutcomeKind.Pending, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);
        _time.Advance(_sim.RefundApprovalDelay);
        await _sim.WhenCallbacksSentAsync();

        Assert.Equal("Rejected", Assert.Single(_sim.RefundTransactions).Status);
        Assert.Empty(_sim.Refunds);
        Assert.Equal(ipns, _sim.Callbacks.Count);
        Assert.Equal(OutcomeKind.Pending, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);

        // A rejected refund does not count: the merchant may ask again.
        Assert.Equal(OutcomeKind.Pending, (await adapter.RefundAsync(refund with { RefundReference = "rf-2" }, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Refund_ApprovalDelayed_ManualDecision_ReversesWhenTheMerchantActs()
    {
        _sim.AutoApproveRefunds = false;
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        Assert.False(await _sim.DecideRefundAsync(refund.ChargeProviderReference!));
        await adapter.RefundAsync(refund, CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(OutcomeKind.Pending, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);

        Assert.True(await _sim.DecideRefundAsync(refund.ChargeReceipt!));
        Assert.False(await _sim.DecideRefundAsync(refund.ChargeReceipt!));
        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);
        Assert.Single(_sim.Refunds);
    }

    [Fact]
    public async Task Refund_RejectedAtOnce_IsDeclinedWithPesapalsMessage()
    {
        _sim.RefundRejectMessage = "insufficient merchant balance";
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter);

        var outcome = await adapter.RefundAsync(refund, CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Contains("insufficient merchant balance", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(_sim.RefundTransactions);
    }

    [Fact]
    public async Task Refund_AnswerLost_IsUnknown_ThenTheStatusSettlesIt_SentOnce()
    {
        _sim.LoseRefundReplies = true;
        using var adapter = Adapter(TimeSpan.FromSeconds(1));
        var refund = await PaidAsync(adapter);

        Assert.Equal(OutcomeKind.Unknown, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);
        Assert.Equal(1, _sim.RefundRequests);

        _time.Advance(_sim.RefundApprovalDelay);
        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryRefundAsync(refund, CancellationToken.None)).Kind);
        Assert.Single(_sim.Refunds);
        Assert.Equal(1, _sim.RefundRequests);
    }

    [Fact]
    public async Task Refund_AnsweredLate_IsUnknown()
    {
        _sim.RefundReplyDelay = TimeSpan.FromSeconds(3);
        using var adapter = Adapter(TimeSpan.FromSeconds(1));
        var refund = await PaidAsync(adapter);

        Assert.Equal(OutcomeKind.Unknown, (await adapter.RefundAsync(refund, CancellationToken.None)).Kind);
        Assert.Equal("Pending", Assert.Single(_sim.RefundTransactions).Status);
    }

    [Fact]
    public async Task Refund_PartialOfAMobilePayment_IsRefusedBySimulatorToo()
    {
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter);

        // Claimed as full (the charge said 100) so the adapter sends it: the simulator knows 200.50 was paid by M-Pesa.
        var outcome = await adapter.RefundAsync(refund with { Amount = Money.Kes(100), ChargedAmount = Money.Kes(100) }, CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Contains("in full", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(_sim.RefundTransactions);
    }

    [Fact]
    public async Task Journal_APendingRefundSurvivesARestart_AndIsApprovedThen()
    {
        var journal = new List<System.Text.Json.Nodes.JsonObject>();
        _sim.TransactionJournal = t => { lock (journal) { journal.Add(t); } };
        using var adapter = Adapter();
        var refund = await PaidAsync(adapter);
        await adapter.RefundAsync(refund, CancellationToken.None);

        await using var restarted = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 10, timeProvider: _time);
        restarted.ImportTransactions(journal);
        Assert.Equal("Pending", Assert.Single(restarted.RefundTransactions).Status);
        Assert.Single(restarted.Charges);

        _time.Advance(restarted.RefundApprovalDelay);
        await restarted.WhenCallbacksSentAsync();

        Assert.Equal("Approved", Assert.Single(restarted.RefundTransactions).Status);
        Assert.Equal(200.50m, Assert.Single(restarted.Refunds).Amount);
        Assert.Equal(3, restarted.Transactions.Single().StatusCode);
    }
}
