using System.Net.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Mpesa;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>
/// A refund through PaymentGateway: pay through DarajaSimulator over HTTP, <c>RefundAsync</c> (a reversal, Pending), then the result
/// callback through DarajaCallbackHandler and <c>ApplyRefundUpdateAsync</c>, or, when the result is lost, the reconciler's Transaction
/// Status query and its result.
/// </summary>
public sealed class GatewayRefundEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    private readonly FakeTimeProvider _time = new(Start);
    private readonly DarajaSimulator _sim;
    private readonly WireMockServer _merchant;
    private readonly DarajaPaymentProvider _provider;
    private readonly DarajaCallbackHandler _handler;
    private readonly PaymentGatewayOptions _options;
    private readonly PaymentGateway _gateway;

    public GatewayRefundEndToEndTests()
    {
        _sim = new DarajaSimulator(seed: 13, timeProvider: _time);
        _merchant = WireMockServer.Start();
        _merchant.Given(Request.Create().WithPath("/mpesa/callback").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _provider = ReversalKit.Provider(_sim.BaseAddress, _time, o => o.CallbackUrl = new Uri(_merchant.Urls![0] + "/mpesa/callback"));
        _handler = new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), _provider);
        _options = new PaymentGatewayOptions { InstanceName = "test" };
        _options.FailoverOrder.Add("mpesa");
        _gateway = new PaymentGateway([_provider], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time);
    }

    [Fact]
    public async Task RefundAsync_ReversalPending_ResultCallbackSettlesItSucceeded_MoneyBackOnce()
    {
        var paid = await PayAsync("e2e-refund");

        var refund = await _gateway.RefundAsync(new RefundRequest { RefundKey = "rf-1", PaymentKey = "e2e-refund", Reason = "permit cancelled" });

        Assert.Equal(RefundStatus.Pending, refund.Status);
        Assert.Equal("mpesa", refund.Provider);
        Assert.Equal(Money.Kes(100), refund.Amount);
        Assert.Empty(_sim.Refunds);
        var applied = await ApplyNoticesAsync(_sim.ReversalDelay);
        var settled = Assert.Single(applied);
        Assert.Equal(RefundStatus.Succeeded, settled.Refund!.Status);
        Assert.Equal(RefundStatus.Succeeded, (await _gateway.GetRefundAsync("rf-1"))!.Status);
        var moved = Assert.Single(_sim.Refunds);
        Assert.Equal(paid.Receipt, moved.ChargeReference);
        Assert.Equal(100m, moved.Amount);
        Assert.Equal(1, _sim.ReversalRequests);

        var again = await _gateway.RefundAsync(new RefundRequest { RefundKey = "rf-1", PaymentKey = "e2e-refund", Reason = "permit cancelled" });
        Assert.Equal(RefundStatus.Succeeded, again.Status); // same key, same refund: never sent twice
        Assert.Equal(1, _sim.ReversalRequests);
    }

    [Fact]
    public async Task RefundAsync_ResultLost_ReconcilerQueriesTransactionStatus_ItsResultSettlesIt()
    {
        await PayAsync("e2e-lost");
        _sim.LoseReversalResults();
        var reconciler = new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);

        Assert.Equal(RefundStatus.Pending, (await _gateway.RefundAsync(new RefundRequest { RefundKey = "rf-lost", PaymentKey = "e2e-lost" })).Status);
        _time.Advance(_sim.ReversalDelay);
        await _sim.WhenCallbacksSentAsync();
        Assert.Single(_sim.Refunds); // money went back; no result came
        Assert.Empty(Notices());

        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await reconciler.RunOnceAsync();
        Assert.Equal(1, _sim.TransactionStatusRequests);
        Assert.False((await _gateway.GetRefundAsync("rf-lost"))!.IsFinal);

        var applied = Assert.Single(await ApplyNoticesAsync(_sim.StatusQueryDelay));
        Assert.Equal(RefundStatus.Succeeded, applied.Refund!.Status);
        Assert.Equal(OutcomeSource.StatusQuery, (await _gateway.GetRefundAsync("rf-lost"))!.Refund.Source);
        Assert.Equal(1, _sim.ReversalRequests); // never sent again
    }

    [Fact]
    public async Task RefundAsync_ReversalRejected_IsRejectedAndTheChargeStaysRefundable()
    {
        await PayAsync("e2e-rejected");
        _sim.RejectReversals("1");

        await _gateway.RefundAsync(new RefundRequest { RefundKey = "rf-no", PaymentKey = "e2e-rejected" });
        var applied = Assert.Single(await ApplyNoticesAsync(_sim.ReversalDelay));

        Assert.Equal(RefundStatus.Rejected, applied.Refund!.Status);
        Assert.Equal(Money.Kes(100), applied.Refund.Payment.RefundableAmount);
        Assert.Empty(_sim.Refunds);
    }

    [Fact]
    public async Task RefundAsync_QueueTimeOut_StaysOpen_StatusQueryCannotSettleIt_NothingMovedNothingResent()
    {
        await PayAsync("e2e-timeout");
        _sim.QueueTimeOutReversals();
        var reconciler = new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);

        await _gateway.RefundAsync(new RefundRequest { RefundKey = "rf-timeout", PaymentKey = "e2e-timeout" });
        var applied = Assert.Single(await ApplyNoticesAsync(_sim.ReversalDelay));
        Assert.False(applied.Refund!.IsFinal); // Unknown at the adapter: the gateway keeps it open (Pending stays Pending)

        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await reconciler.RunOnceAsync();
        Assert.Empty(await ApplyNoticesAsync(_sim.StatusQueryDelay)); // M-Pesa's answer proves nothing either way

        var refund = await _gateway.GetRefundAsync("rf-timeout");
        Assert.False(refund!.IsFinal);
        Assert.Equal(Money.Kes(0), refund.Payment.RefundableAmount); // held while unknown: no second reversal
        Assert.Empty(_sim.Refunds);
        Assert.Equal(1, _sim.ReversalRequests);
    }

    [Fact]
    public async Task RefundAsync_PaymentSettledByStkQueryWithoutReceipt_FailsWithoutSending()
    {
        _sim.LoseCallbacks(); // the stkCallback (and its MpesaReceiptNumber) never arrives: the STK query settles the payment
        var reconciler = new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        await _gateway.PayAsync(Payment("e2e-noreceipt"));
        _time.Advance(_options.Reconciliation.FirstCheckDelay + TimeSpan.FromSeconds(1));
        await reconciler.RunOnceAsync();
        var paid = await _gateway.GetAsync("e2e-noreceipt");
        Assert.Equal(PaymentStatus.Succeeded, paid!.Status);
        Assert.Null(paid.Receipt);

        var refund = await _gateway.RefundAsync(new RefundRequest { RefundKey = "rf-noreceipt", PaymentKey = "e2e-noreceipt" });

        Assert.Equal(RefundStatus.Failed, refund.Status); // the Reversal API needs the receipt: nothing was sent
        Assert.Equal(0, _sim.ReversalRequests);
        Assert.Empty(_sim.Refunds);
    }

    [Fact]
    public async Task RefundAsync_NoInitiatorConfigured_RefusedBeforeSending()
    {
        using var provider = DarajaTestKit.Provider(_sim.BaseAddress, _time, configure: o => o.CallbackUrl = new Uri(_merchant.Urls![0] + "/mpesa/callback"));
        using var gateway = new PaymentGateway([provider], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time);
        await gateway.PayAsync(Payment("e2e-off"));
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var callback = await new DarajaCallbackHandler(new DarajaCallbackParser("mpesa"), provider).HandleAsync(DarajaTestKit.ToCallback(Assert.Single(Notices(payments: true))), CancellationToken.None);
        await gateway.ApplyProviderUpdateAsync(Assert.Single(callback.Updates));

        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => gateway.RefundAsync(new RefundRequest { RefundKey = "rf-off", PaymentKey = "e2e-off" }));

        Assert.Equal(RefundRefusal.ProviderCannotRefund, refused.Refusal);
        Assert.Equal(0, _sim.ReversalRequests);
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
        _gateway.Dispose();
        _provider.Dispose();
        await _sim.DisposeAsync();
        _merchant.Dispose();
    }

    private static PaymentRequest Payment(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(100),
        Instruments = [new MobileMoneyInstrument(PhoneNumber.Parse("0712345678"))],
        AccountReference = "KCA123X",
        Description = "Parking",
    };

    /// <summary>Pays through the simulator: STK push, the payer approves, the stkCallback through the handler into the gateway.</summary>
    private async Task<PaymentResult> PayAsync(string key)
    {
        Assert.Equal(PaymentStatus.Pending, (await _gateway.PayAsync(Payment(key))).Status);
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var result = await _handler.HandleAsync(DarajaTestKit.ToCallback(Assert.Single(Notices(payments: true))), CancellationToken.None);
        var applied = await _gateway.ApplyProviderUpdateAsync(Assert.Single(result.Updates));
        Assert.Equal(PaymentStatus.Succeeded, applied.Payment!.Status);
        Assert.NotNull(applied.Payment.Receipt);
        _merchant.ResetLogEntries();
        return applied.Payment;
    }

    private List<WireMock.IRequestMessage> Notices(bool payments = false) =>
        [.. _merchant.LogEntries.Select(e => e.RequestMessage!).Where(r => (r.Query?.ContainsKey("refund") == true) != payments)];

    /// <summary>Lets the simulator's clock run, then runs every refund notice the merchant received through the handler and the gateway.</summary>
    private async Task<List<RefundUpdateResult>> ApplyNoticesAsync(TimeSpan wait)
    {
        _time.Advance(wait);
        await _sim.WhenCallbacksSentAsync();
        var results = new List<RefundUpdateResult>();
        foreach (var notice in Notices())
        {
            var handled = await _handler.HandleAsync(DarajaTestKit.ToCallback(notice), CancellationToken.None);
            Assert.Equal(PaymentCallbackVerdict.Accepted, handled.Verdict);
            foreach (var update in handled.RefundUpdates)
            {
                results.Add(await _gateway.ApplyRefundUpdateAsync(update));
            }
        }

        _merchant.ResetLogEntries();
        return results;
    }
}
