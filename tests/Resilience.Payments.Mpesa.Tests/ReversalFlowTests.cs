using System.Net.Http;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Mpesa;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>
/// Reversals end to end: DarajaPaymentProvider + DarajaSimulator over real loopback HTTP, the simulator posting results to the
/// merchant's endpoint, which runs them through DarajaCallbackHandler.
/// </summary>
public sealed class ReversalFlowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    private readonly FakeTimeProvider _time = new(Start);
    private readonly DarajaSimulator _sim;
    private readonly WireMockServer _merchant;
    private readonly DarajaPaymentProvider _provider;
    private readonly DarajaCallbackHandler _handler;

    public ReversalFlowTests()
    {
        _sim = new DarajaSimulator(seed: 11, timeProvider: _time);
        _merchant = WireMockServer.Start();
        _merchant.Given(Request.Create().WithPath("/mpesa/callback").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _provider = ReversalKit.Provider(_sim.BaseAddress, _time, o => o.CallbackUrl = new Uri(_merchant.Urls![0] + "/mpesa/callback"));
        _handler = new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), _provider);
    }

    [Fact]
    public async Task Reversal_Accepted_ThenResultCallback_IsASucceededUpdateWithTheAmount()
    {
        var receipt = await ChargeAsync();

        var sent = await _provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, sent.Kind);
        Assert.NotNull(sent.ProviderReference);
        Assert.Empty(_sim.Refunds); // asynchronous: nothing moved yet
        var update = Assert.Single((await ResultAsync(DarajaPaymentProvider.ReversalResultKind)).RefundUpdates);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal("refund-1", update.RefundReference);
        Assert.Equal(sent.ProviderReference, update.ProviderReference);
        Assert.Equal(Money.Kes(100), update.Outcome.Amount);
        var refund = Assert.Single(_sim.Refunds);
        Assert.Equal(receipt, refund.ChargeReference);
        Assert.Equal(100m, refund.Amount);
        Assert.Equal(refund.RefundReference, sent.ProviderReference);
    }

    [Fact]
    public async Task Reversal_RequestBody_CarriesTheReceiptTheCredentialAndSignedUrls()
    {
        var receipt = await ChargeAsync();

        await _provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None);

        var body = System.Text.Json.JsonDocument.Parse(_sim.Server!.LogEntries.Single(e => e.RequestMessage!.Path == "/mpesa/reversal/v1/request").RequestMessage!.Body!).RootElement;
        Assert.Equal("TransactionReversal", body.GetProperty("CommandID").GetString());
        Assert.Equal(receipt, body.GetProperty("TransactionID").GetString());
        Assert.Equal("100", body.GetProperty("Amount").GetString());
        Assert.Equal("174379", body.GetProperty("ReceiverParty").GetString());
        Assert.Equal("11", body.GetProperty("RecieverIdentifierType").GetString());
        Assert.Equal("refund-1", body.GetProperty("Remarks").GetString());
        Assert.DoesNotContain(ReversalKit.InitiatorPassword, body.GetRawText(), StringComparison.Ordinal);
        var resultUrl = body.GetProperty("ResultURL").GetString()!;
        Assert.Contains("refund=refund-1", resultUrl, StringComparison.Ordinal);
        Assert.Contains("kind=reversal&", resultUrl, StringComparison.Ordinal);
        Assert.Contains("kind=reversal-timeout&", body.GetProperty("QueueTimeOutURL").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reversal_ResultLost_TransactionStatusSettlesIt()
    {
        var receipt = await ChargeAsync();
        _sim.LoseReversalResults();
        var sent = await _provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None);
        _time.Advance(_sim.ReversalDelay);
        await _sim.WhenCallbacksSentAsync();
        Assert.Single(_sim.Refunds); // the money went back, but no result came
        Assert.Empty(RefundNotices());

        var queried = await _provider.QueryRefundAsync(ReversalKit.Refund(receipt, providerReference: sent.ProviderReference), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, queried.Kind); // the answer comes by callback
        Assert.Equal(1, _sim.TransactionStatusRequests);
        var update = Assert.Single((await ResultAsync(DarajaPaymentProvider.StatusResultKind, _sim.StatusQueryDelay)).RefundUpdates);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(OutcomeSource.StatusQuery, update.Source);
        Assert.Equal(Money.Kes(100), update.Outcome.Amount);
        Assert.Equal("refund-1", update.RefundReference);
        Assert.Equal(sent.ProviderReference, update.ProviderReference);
    }

    [Fact]
    public async Task Reversal_ResultLate_StatusBeforeItProvesNothing_ThenTheResultSettles()
    {
        var receipt = await ChargeAsync();
        _sim.LateReversalResults(TimeSpan.FromMinutes(5));
        var sent = await _provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None);

        await _provider.QueryRefundAsync(ReversalKit.Refund(receipt, providerReference: sent.ProviderReference), CancellationToken.None);
        var early = await ResultAsync(DarajaPaymentProvider.StatusResultKind, _sim.StatusQueryDelay);
        Assert.Equal(PaymentCallbackVerdict.Accepted, early.Verdict);
        Assert.Empty(early.RefundUpdates); // "Pending" at M-Pesa: no conclusion

        var late = await ResultAsync(DarajaPaymentProvider.ReversalResultKind, TimeSpan.FromMinutes(6));
        Assert.Equal(OutcomeKind.Succeeded, Assert.Single(late.RefundUpdates).Outcome.Kind);
    }

    [Theory]
    [InlineData("R000001")]
    [InlineData("1")]
    [InlineData("21")]
    public async Task Reversal_Rejected_IsDeclinedWithTheCode(string code)
    {
        var receipt = await ChargeAsync();
        _sim.RejectReversals(code);

        Assert.Equal(OutcomeKind.Pending, (await _provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None)).Kind);

        var update = Assert.Single((await ResultAsync(DarajaPaymentProvider.ReversalResultKind)).RefundUpdates);
        Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
        Assert.Equal(code, update.Outcome.Code);
        Assert.Empty(_sim.Refunds);
    }

    [Fact]
    public async Task Reversal_Twice_TheSecondIsRefusedAlreadyReversed_MoneyMovesOnce()
    {
        var receipt = await ChargeAsync();
        await _provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None);
        await ResultAsync(DarajaPaymentProvider.ReversalResultKind);
        _merchant.ResetLogEntries();

        await _provider.RefundAsync(ReversalKit.Refund(receipt, key: "refund-2"), CancellationToken.None);

        var update = Assert.Single((await ResultAsync(DarajaPaymentProvider.ReversalResultKind)).RefundUpdates);
        Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
        Assert.Equal("R000001", update.Outcome.Code);
        Assert.Equal("refund-2", update.RefundReference);
        Assert.Single(_sim.Refunds);
    }

    [Fact]
    public async Task Reversal_UnknownReceipt_IsDeclinedInvalidTransaction()
    {
        await _provider.RefundAsync(ReversalKit.Refund("SKC82PACB8"), CancellationToken.None);

        var update = Assert.Single((await ResultAsync(DarajaPaymentProvider.ReversalResultKind)).RefundUpdates);
        Assert.Equal("R000002", update.Outcome.Code);
        Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
    }

    [Fact]
    public async Task Reversal_WrongInitiatorPassword_IsDeclinedInvalidInitiator()
    {
        var receipt = await ChargeAsync();
        using var provider = ReversalKit.Provider(_sim.BaseAddress, _time, o =>
        {
            o.CallbackUrl = new Uri(_merchant.Urls![0] + "/mpesa/callback");
            o.Reversal.InitiatorPassword = "not-the-password";
        });

        await provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None);

        var update = Assert.Single((await ResultAsync(DarajaPaymentProvider.ReversalResultKind)).RefundUpdates);
        Assert.Equal("2001", update.Outcome.Code);
        Assert.Empty(_sim.Refunds);
    }

    [Fact]
    public async Task Reversal_QueueTimeOut_IsUnknown_AndNothingMoved()
    {
        var receipt = await ChargeAsync();
        _sim.QueueTimeOutReversals();

        await _provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None);

        var update = Assert.Single((await ResultAsync(DarajaPaymentProvider.ReversalTimeoutKind)).RefundUpdates);
        Assert.Equal(OutcomeKind.Unknown, update.Outcome.Kind);
        Assert.Equal("refund-1", update.RefundReference);
        Assert.Empty(_sim.Refunds);
    }

    [Fact]
    public async Task Reversal_ConnectionRefused_IsNotProcessed()
    {
        using var provider = ReversalKit.Provider(new Uri($"http://127.0.0.1:{DarajaTestKit.ClosedPort()}/"), _time);

        var outcome = await provider.RefundAsync(ReversalKit.Refund("SKC82PACB8"), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Theory]
    [InlineData(null, 100, 100, "receipt")]
    [InlineData("SKC82PACB8", 50, 100, "whole transactions")]
    [InlineData("SKC82PACB8", 10.5, 10.5, "whole shillings")]
    public async Task Refund_ThatCannotBeSent_IsNotProcessedAndNeverSent(string? receipt, double amount, double charged, string expected)
    {
        var outcome = await _provider.RefundAsync(ReversalKit.Refund(receipt, (decimal)amount, (decimal)charged), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Contains(expected, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _sim.ReversalRequests);
    }

    [Fact]
    public async Task Refund_NotConfigured_IsNotProcessed_AndQueryIsUnknown()
    {
        using var provider = DarajaTestKit.Provider(_sim.BaseAddress, _time);

        Assert.Equal(OutcomeKind.NotProcessed, (await provider.RefundAsync(ReversalKit.Refund("SKC82PACB8"), CancellationToken.None)).Kind);
        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryRefundAsync(ReversalKit.Refund("SKC82PACB8", providerReference: "x"), CancellationToken.None)).Kind);
        Assert.Equal(0, _sim.ReversalRequests);
    }

    [Fact]
    public async Task QueryRefund_WithoutAConversationId_IsUnknownAndSendsNothing()
    {
        var outcome = await _provider.QueryRefundAsync(ReversalKit.Refund("SKC82PACB8"), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(0, _sim.TransactionStatusRequests);
    }

    [Fact]
    public async Task ResultNotice_ForgedToken_IsUnauthorized()
    {
        var receipt = await ChargeAsync();
        await _provider.RefundAsync(ReversalKit.Refund(receipt), CancellationToken.None);
        _time.Advance(_sim.ReversalDelay);
        await _sim.WhenCallbacksSentAsync();
        var genuine = DarajaTestKit.ToCallback(RefundNotices().Single());

        var query = genuine.Query.ToDictionary(StringComparer.OrdinalIgnoreCase);
        query["refund"] = "someone-elses-refund";
        var forged = await _handler.HandleAsync(new PaymentCallback { Body = genuine.Body, Query = query }, CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Unauthorized, forged.Verdict);
        Assert.Empty(forged.RefundUpdates);
    }

    [Fact]
    public async Task Journal_RestartedSimulator_KeepsReversals_RefusesASecond_AndProcessesOneInFlight()
    {
        var journal = new List<System.Text.Json.Nodes.JsonObject>();
        _sim.TransactionJournal = r => { lock (journal) { journal.Add((System.Text.Json.Nodes.JsonObject)r.DeepClone()); } };
        var first = await ChargeAsync();
        await _provider.RefundAsync(ReversalKit.Refund(first), CancellationToken.None);
        await ResultAsync(DarajaPaymentProvider.ReversalResultKind);
        _merchant.ResetLogEntries();
        _sim.Server!.ResetLogEntries();
        var second = await ChargeAsyncAgain();
        await _provider.RefundAsync(ReversalKit.Refund(second, key: "refund-2"), CancellationToken.None); // in flight at the "crash"

        await using var restarted = new DarajaSimulator(seed: 11, timeProvider: _time);
        restarted.ImportTransactions(journal);

        Assert.Equal(first, Assert.Single(restarted.Refunds).ChargeReference);
        using var provider = ReversalKit.Provider(restarted.BaseAddress, _time, o => o.CallbackUrl = new Uri(_merchant.Urls![0] + "/mpesa/callback"));
        await provider.RefundAsync(ReversalKit.Refund(first, key: "refund-3"), CancellationToken.None);
        _time.Advance(restarted.ReversalDelay);
        await restarted.WhenCallbacksSentAsync();
        Assert.Equal(2, restarted.Refunds.Count); // the one in flight went through once; the third was refused
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), restarted.Refunds.Select(r => r.ChargeReference).Order(StringComparer.Ordinal));
        var refused = RefundNotices().Select(DarajaTestKit.ToCallback).Select(c => c.Query["refund"] + ":" + System.Text.Encoding.UTF8.GetString(c.Body.Span)).Single(t => t.StartsWith("refund-3:", StringComparison.Ordinal));
        Assert.Contains("R000001", refused, StringComparison.Ordinal);
    }

    public async ValueTask InitializeAsync()
    {
        using var http = new HttpClient();
        using var token = await http.GetAsync(new Uri(_sim.BaseAddress, "oauth/v1/generate?grant_type=client_credentials"));
        using var callback = await http.GetAsync(new Uri(_merchant.Urls![0] + "/warm-up"));
        _merchant.ResetLogEntries();
    }

    public async ValueTask DisposeAsync()
    {
        _provider.Dispose();
        await _sim.DisposeAsync();
        _merchant.Dispose();
    }

    /// <summary>Charges KES 100 through an STK push the simulated payer approves; returns the M-Pesa receipt.</summary>
    private async Task<string> ChargeAsync()
    {
        var pushed = await _provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Pending, pushed.Kind);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        _merchant.ResetLogEntries();
        return Assert.Single(_sim.Charges).Receipt!;
    }

    /// <summary>A second KES 100 charge (another STK push the payer approves); returns its receipt.</summary>
    private async Task<string> ChargeAsyncAgain()
    {
        var before = _sim.Charges.Select(c => c.Receipt).ToHashSet();
        Assert.Equal(OutcomeKind.Pending, (await _provider.InitiateAsync(DarajaTestKit.Request(attempt: 2), CancellationToken.None)).Kind);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        _merchant.ResetLogEntries();
        return _sim.Charges.Select(c => c.Receipt!).Single(r => !before.Contains(r));
    }

    private List<WireMock.IRequestMessage> RefundNotices() =>
        [.. _merchant.LogEntries.Select(e => e.RequestMessage!).Where(r => r.Query?.ContainsKey("refund") == true)];

    /// <summary>Lets the simulator's clock run, then runs the only refund notice of <paramref name="kind"/> through the handler.</summary>
    private async Task<PaymentCallbackResult> ResultAsync(string kind, TimeSpan? wait = null)
    {
        _time.Advance(wait ?? _sim.ReversalDelay);
        await _sim.WhenCallbacksSentAsync();
        var notice = Assert.Single(RefundNotices(), r => r.Query!["kind"].FirstOrDefault() == kind);
        var result = await _handler.HandleAsync(DarajaTestKit.ToCallback(notice), CancellationToken.None);
        Assert.Equal(DarajaCallbackHandler.AcceptedReplyBody, result.Reply.Body);
        return result;
    }
}
