using System.Net.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Pesapal;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>Issue 13: PaymentGateway pays and refunds through PesapalPaymentProvider and PesapalSimulator over real HTTP and IPNs.</summary>
public sealed class RefundEndToEndTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PesapalSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly PaymentGatewayOptions _options = new() { InstanceName = "test" };
    private readonly InMemoryPaymentStore _store = new();
    private readonly PesapalPaymentProvider _adapter;
    private readonly PesapalCallbackHandler _handler;
    private readonly PaymentGateway _gateway;

    public RefundEndToEndTests()
    {
        _sim = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 13, timeProvider: _time);
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/pesapal/ipn").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var options = Options(_sim.BaseAddress);
        options.IpnUrl = new Uri(_receiver.Url + "/pesapal/ipn");
        _adapter = new PesapalPaymentProvider(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), _time);
        _handler = new PesapalCallbackHandler(_adapter, store: _store);
        _gateway = new PaymentGateway([_adapter], _store, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLoggerFactory.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _adapter.Dispose();
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private static RefundRequest Refund(decimal? amount = null) => new()
    {
        RefundKey = "refund-park-001",
        PaymentKey = "park-001",
        Amount = amount is { } a ? Money.Kes(a) : null,
        Reason = "Permit cancelled",
    };

    /// <summary>Pays 200.50 KES by checkout: the payer pays on Pesapal's page, the IPN (confirmed by status query) settles it.</summary>
    private async Task PaidAsync()
    {
        var payment = await _gateway.PayAsync(new PaymentRequest
        {
            IdempotencyKey = "park-001",
            Amount = Money.Kes(200.50m),
            Instruments = [PaymentInstrument.Checkout("wanjiru@example.com", "0712345678")],
            AccountReference = "KCA 123X",
            Description = "Parking",
        });
        Assert.Equal(PaymentStatus.ActionRequired, payment.Status);
        _time.Advance(_sim.PayerDelay);
        await ApplyIpnsAsync();
        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.GetAsync("park-001"))!.Status);
    }

    /// <summary>Hands every IPN the simulator posted to the handler, and what it confirmed to the gateway (as the ASP.NET Core endpoint does).</summary>
    private async Task ApplyIpnsAsync()
    {
        await _sim.WhenCallbacksSentAsync();
        foreach (var entry in _receiver.LogEntries.ToList())
        {
            var message = entry.RequestMessage!;
            var result = await _handler.HandleAsync(new PaymentCallback { Method = message.Method, Body = System.Text.Encoding.UTF8.GetBytes(message.Body ?? string.Empty) }, CancellationToken.None);
            foreach (var update in result.Updates)
            {
                await _gateway.ApplyProviderUpdateAsync(update);
            }

            foreach (var update in result.RefundUpdates)
            {
                await _gateway.ApplyRefundUpdateAsync(update);
            }
        }

        _receiver.ResetLogEntries();
    }

    private Task<int> ReconcileAsync() =>
        new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance).RunOnceAsync();

    [Fact]
    public async Task RefundAsync_MerchantApproves_TheIpnSettlesIt_PaymentStaysSucceeded()
    {
        await PaidAsync();

        var refund = await _gateway.RefundAsync(Refund());
        Assert.Equal(RefundStatus.Pending, refund.Status);
        Assert.Equal(Money.Kes(200.50m), refund.Amount);

        _time.Advance(_sim.RefundApprovalDelay);
        await ApplyIpnsAsync();

        var final = await _gateway.GetRefundAsync("refund-park-001");
        Assert.Equal(RefundStatus.Succeeded, final!.Status);
        Assert.Equal(PaymentStatus.Succeeded, final.Payment.Status); // a success stays final; the money went back by the refund
        var money = Assert.Single(_sim.Refunds);
        Assert.Equal(200.50m, money.Amount);
        Assert.Equal(1, _sim.RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_PartialCardRefund_ApprovalDelayed_IpnLost_SettledByReconciliation()
    {
        _sim.PaymentMethod = "Visa";
        _sim.RefundApprovalDelay = TimeSpan.FromHours(2);
        await PaidAsync();
        _sim.LoseCallbacks();

        Assert.Equal(RefundStatus.Pending, (await _gateway.RefundAsync(Refund(amount: 100))).Status);
        _time.Advance(_options.Reconciliation.FirstCheckDelay + _options.Reconciliation.MaxDelay);
        await ReconcileAsync();
        Assert.Equal(RefundStatus.Pending, (await _gateway.GetRefundAsync("refund-park-001"))!.Status); // the merchant has not approved yet

        _time.Advance(_sim.RefundApprovalDelay);
        _time.Advance(_options.Reconciliation.MaxDelay);
        await ReconcileAsync();

        var final = await _gateway.GetRefundAsync("refund-park-001");
        Assert.Equal(RefundStatus.Succeeded, final!.Status);
        Assert.Equal(100m, Assert.Single(_sim.Refunds).Amount);
    }

    [Fact]
    public async Task RefundAsync_PartialOfACheckoutPaidByMpesa_FailsWithoutSending()
    {
        await PaidAsync();

        var refund = await _gateway.RefundAsync(Refund(amount: 100));

        Assert.Equal(RefundStatus.Failed, refund.Status);
        Assert.Equal(0, _sim.RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_RejectedByPesapal_IsRejected_ASecondKeyMayTryAgain()
    {
        await PaidAsync();
        _sim.RefundRejectMessage = "insufficient merchant balance";

        var rejected = await _gateway.RefundAsync(Refund());
        Assert.Equal(RefundStatus.Rejected, rejected.Status);
        Assert.Empty(_sim.Refunds);

        _sim.RefundRejectMessage = null;
        var again = await _gateway.RefundAsync(Refund() with { RefundKey = "refund-park-001-b" });
        Assert.Equal(RefundStatus.Pending, again.Status);
    }
}
