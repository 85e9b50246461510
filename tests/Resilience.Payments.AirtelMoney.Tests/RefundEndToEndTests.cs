using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.AirtelMoney;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>Issue 13: PaymentGateway pays and refunds through AirtelMoneyPaymentProvider and AirtelMoneySimulator over real HTTP and callbacks.</summary>
public sealed class RefundEndToEndTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(AirtelStub.Start);
    private readonly AirtelMoneySimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly PaymentGatewayOptions _options = new() { InstanceName = "test" };
    private readonly InMemoryPaymentStore _store = new();
    private readonly AirtelMoneyPaymentProvider _provider;
    private readonly AirtelMoneyCallbackHandler _handler;
    private readonly PaymentGateway _gateway;

    public RefundEndToEndTests()
    {
        _sim = new AirtelMoneySimulator("airtel-client-id", AirtelStub.ClientSecret, seed: 11, timeProvider: _time) { CallbackUrl = new Uri(_receiver.Url + "/airtel/callback") };
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/airtel/callback").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _provider = Provider(_sim.BaseAddress, _time, TimeSpan.FromSeconds(2));
        _handler = new AirtelMoneyCallbackHandler(_provider, store: _store);
        _gateway = new PaymentGateway([_provider], _store, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLoggerFactory.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _provider.Dispose();
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

    /// <summary>Pays 200 KES: the payer approves, the callback (confirmed by enquiry) settles the payment.</summary>
    private async Task PaidAsync()
    {
        var payment = await _gateway.PayAsync(new PaymentRequest
        {
            IdempotencyKey = "park-001",
            Amount = Money.Kes(200),
            Instruments = [PaymentInstrument.MobileMoney(AirtelNumber)],
            AccountReference = "KCA 123X",
            Description = "Parking",
        });
        Assert.Equal(PaymentStatus.Pending, payment.Status);
        _time.Advance(_sim.PayerDelay);
        await ApplyCallbacksAsync();
        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.GetAsync("park-001"))!.Status);
        _receiver.ResetLogEntries();
    }

    /// <summary>Hands every callback the simulator posted to the handler, and what it confirmed to the gateway (as the ASP.NET Core endpoint does).</summary>
    private async Task ApplyCallbacksAsync()
    {
        await _sim.WhenCallbacksSentAsync();
        foreach (var entry in _receiver.LogEntries.ToList())
        {
            var result = await _handler.HandleAsync(new PaymentCallback { Body = Encoding.UTF8.GetBytes(entry.RequestMessage!.Body!) }, CancellationToken.None);
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
    public async Task RefundAsync_AcceptedThenSettledByTheCallback_MoneyBackOnce()
    {
        await PaidAsync();

        var refund = await _gateway.RefundAsync(Refund());
        Assert.Equal(RefundStatus.Pending, refund.Status);
        Assert.Equal(Money.Kes(200), refund.Amount);
        Assert.Empty(_sim.Refunds);

        _time.Advance(_sim.RefundDelay);
        await ApplyCallbacksAsync();

        var final = await _gateway.GetRefundAsync("refund-park-001");
        Assert.Equal(RefundStatus.Succeeded, final!.Status);
        var money = Assert.Single(_sim.Refunds);
        Assert.Equal(200m, money.Amount);
        Assert.Equal(final.Refund.Reference, money.RefundReference);
        Assert.Equal(1, _sim.RefundRequests);

        // The same refund key again is the same refund, never a second one.
        Assert.Equal(RefundStatus.Succeeded, (await _gateway.RefundAsync(Refund())).Status);
        Assert.Equal(1, _sim.RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_AnswerAndCallbackLost_UnknownSettledByReconciliation_SentOnce()
    {
        await PaidAsync();
        _sim.LoseRefundReplies = true;
        _sim.LoseCallbacks();

        var refund = await _gateway.RefundAsync(Refund());
        Assert.Equal(RefundStatus.Unknown, refund.Status);

        _time.Advance(_sim.RefundDelay);
        _time.Advance(_options.Reconciliation.FirstCheckDelay + _options.Reconciliation.MaxDelay);
        await ReconcileAsync();

        Assert.Equal(RefundStatus.Succeeded, (await _gateway.GetRefundAsync("refund-park-001"))!.Status);
        Assert.Single(_sim.Refunds);
        Assert.Equal(1, _sim.RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_RejectedByAirtel_IsRejected_NoMoneyMoved()
    {
        await PaidAsync();
        _sim.RefundDeclineCode = "DP00800001007";

        Assert.Equal(RefundStatus.Pending, (await _gateway.RefundAsync(Refund())).Status);
        _time.Advance(_sim.RefundDelay);
        await ApplyCallbacksAsync();

        var final = await _gateway.GetRefundAsync("refund-park-001");
        Assert.Equal(RefundStatus.Rejected, final!.Status);
        Assert.Empty(_sim.Refunds);
    }

    [Fact]
    public async Task RefundAsync_Partial_IsRefusedBeforeAnythingIsSent()
    {
        await PaidAsync();

        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => _gateway.RefundAsync(Refund(amount: 50)));

        Assert.Equal(RefundRefusal.NotSupportedByProvider, refused.Refusal);
        Assert.Equal(0, _sim.RefundRequests);
    }
}
