using System.Net.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing;
using Resilience.Payments.Testing.Simulators.Pesapal;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>PaymentGateway + PesapalPaymentProvider + PesapalCallbackHandler + PesapalSimulator over real HTTP, on one fake clock.</summary>
public sealed class EndToEndTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PesapalSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly PaymentGatewayOptions _options = new() { InstanceName = "test" };
    private readonly FakePaymentProvider _backup;
    private PesapalPaymentProvider _adapter = null!;
    private PesapalCallbackHandler _handler = null!;
    private PaymentGateway _gateway = null!;

    public EndToEndTests()
    {
        _sim = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 11, timeProvider: _time);
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/pesapal/ipn").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _backup = new FakePaymentProvider("backup", timeProvider: _time);
        _options.FailoverOrder.Add("pesapal");
        _options.FailoverOrder.Add("backup");
        Build(); // generous: only the held-reply test gives up early, and on the order alone
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _adapter.Dispose();
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    /// <param name="holdOrder">Whether only <c>SubmitOrderRequest</c> gives up after 2 s (the test whose order reply is held back).</param>
    private void Build(bool holdOrder = false)
    {
        _gateway?.Dispose();
        _adapter?.Dispose();
        var options = Options(_sim.BaseAddress, TimeSpan.FromSeconds(15));
        options.IpnUrl = new Uri(_receiver.Url + "/pesapal/ipn");
        _adapter = new PesapalPaymentProvider(holdOrder ? HeldReplyTimeoutHandler.Client(null, "/SubmitOrderRequest", TimeSpan.FromSeconds(2)) : new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), _time);
        _handler = new PesapalCallbackHandler(_adapter);
        _gateway = new PaymentGateway([_adapter, _backup], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time, NullLoggerFactory.Instance);
    }

    private static PaymentRequest Request(string key = "park-001") => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200.50m),
        Instruments = [PaymentInstrument.Checkout("wanjiru@example.com", "0712345678")],
        AccountReference = "KCA 123X",
        Description = "Parking",
    };

    private PaymentCallback ReceivedIpn(int index = 0)
    {
        var message = _receiver.LogEntries[index].RequestMessage!;
        return new PaymentCallback { Method = message.Method, Body = message.BodyAsBytes ?? System.Text.Encoding.UTF8.GetBytes(message.Body ?? string.Empty) };
    }

    [Fact]
    public async Task Checkout_PayerPaysAndIpnArrives_SucceedsWithOneCharge_DuplicateIpnChangesNothing()
    {
        _sim.DuplicateCallbacks();
        var pending = await _gateway.PayAsync(Request());
        Assert.Equal(PaymentStatus.ActionRequired, pending.Status);
        Assert.Equal(PaymentActionKind.Redirect, pending.Action!.Kind);
        Assert.Equal(_sim.Transactions.Single().OrderTrackingId, pending.Attempts.Single().ProviderReference);

        _time.Advance(_sim.PayerDelay); // the payer pays on Pesapal's page
        await _sim.WhenCallbacksSentAsync();
        Assert.Equal(2, _receiver.LogEntries.Count);

        var first = await _handler.HandleAsync(ReceivedIpn(0), CancellationToken.None);
        var applied = await _gateway.ApplyProviderUpdateAsync(Assert.Single(first.Updates));
        Assert.Equal(ProviderUpdateDisposition.Applied, applied.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.GetAsync("park-001"))!.Status);

        var second = await _handler.HandleAsync(ReceivedIpn(1), CancellationToken.None);
        Assert.Equal(ProviderUpdateDisposition.Unchanged, (await _gateway.ApplyProviderUpdateAsync(Assert.Single(second.Updates))).Disposition);
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task ReversalAfterSuccess_IsDeclinedReversed_AndTheSuccessStaysFinal()
    {
        _sim.AutoPay = false;
        var pending = await _gateway.PayAsync(Request());
        var trackingId = pending.Attempts.Single().ProviderReference!;
        Assert.True(await _sim.CompleteAsync(trackingId));
        await _sim.WhenCallbacksSentAsync();
        var paid = await _handler.HandleAsync(ReceivedIpn(0), CancellationToken.None);
        await _gateway.ApplyProviderUpdateAsync(Assert.Single(paid.Updates));

        _time.Advance(TimeSpan.FromMinutes(1)); // a reversal comes later: past the few seconds a confirmed answer is reused for replays
        Assert.True(await _sim.ReverseAsync(trackingId));
        await _sim.WhenCallbacksSentAsync();
        var reversed = await _handler.HandleAsync(ReceivedIpn(1), CancellationToken.None);
        var update = Assert.Single(reversed.Updates);
        Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
        Assert.Equal("REVERSED", update.Outcome.Code);

        Assert.Equal(ProviderUpdateDisposition.Unchanged, (await _gateway.ApplyProviderUpdateAsync(update)).Disposition);
        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.GetAsync("park-001"))!.Status); // safety rule 3: an operator handles the reversal
    }

    [Fact]
    public async Task LostIpn_IsRecoveredByReconciliationStatusQuery_WithoutASecondCharge()
    {
        _sim.LoseCallbacks();
        var pending = await _gateway.PayAsync(Request());
        Assert.Equal(PaymentStatus.ActionRequired, pending.Status);

        _time.Advance(_sim.PayerDelay); // paid; the IPN is lost
        await _sim.WhenCallbacksSentAsync();
        Assert.Empty(_receiver.LogEntries);
        Assert.Single(_sim.Charges);

        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        var worker = new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        Assert.Equal(1, await worker.RunOnceAsync());

        var final = await _gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        var attempt = Assert.Single(final.Attempts);
        Assert.Equal(OutcomeSource.StatusQuery, attempt.Source);
        Assert.Equal(_sim.Charges.Single().Receipt, attempt.Receipt);
        Assert.Single(_sim.Charges);
        Assert.Single(_sim.Transactions);
        Assert.Empty(_backup.Charges);
    }

    [Fact]
    public async Task NotPaidYet_ReconciliationKeepsItOpen_WithoutFailover()
    {
        _sim.AutoPay = false;
        await _gateway.PayAsync(Request());
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        var worker = new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        await worker.RunOnceAsync();

        var payment = await _gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Pending, payment!.Status);
        Assert.Single(payment.Attempts);
        Assert.NotNull(payment.Attempts.Single().Action); // the checkout page is kept for the payer
        Assert.Empty(_backup.Charges);
    }

    [Fact]
    public async Task SubmitNoReply_FailsOverAtOnce_AndTheOrphanOrderIsNeverPaid()
    {
        Build(holdOrder: true);
        await _adapter.InitiateAsync(Order(reference: "warm-1"), CancellationToken.None); // token and IPN id cached
        _sim.ChargeThenNoReply();

        var result = await _gateway.PayAsync(Request());

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal([OutcomeKind.NotProcessed, OutcomeKind.Succeeded], result.Attempts.Select(a => a.Outcome!.Value));
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        Assert.DoesNotContain(_sim.Charges, c => c.MerchantReference.StartsWith("park-001", StringComparison.Ordinal));
        Assert.Single(_backup.Charges);
    }

    [Fact]
    public async Task PesapalDown_IsNotProcessed_FailsOverWithoutAnOrder()
    {
        _sim.Down();
        var result = await _gateway.PayAsync(Request());
        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(OutcomeKind.NotProcessed, result.Attempts[0].Outcome);
        Assert.Empty(_sim.Transactions);
        Assert.Single(_backup.Charges);
    }
}
