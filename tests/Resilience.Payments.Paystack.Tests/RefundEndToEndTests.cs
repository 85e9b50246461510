using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Paystack;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>Refunds through PaymentGateway + the Paystack adapter + PaystackSimulator over real HTTP, its signed refund webhooks through the callback handler.</summary>
public sealed class RefundEndToEndTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PaystackSimulator _sim;
    private readonly PaymentGatewayOptions _options = new() { InstanceName = "test" };
    private readonly PaystackCallbackHandler _handler = new(new PaystackWebhook(SecretKey));
    private readonly PaymentGateway _gateway;

    public RefundEndToEndTests()
    {
        _sim = new PaystackSimulator(SecretKey, seed: 11, timeProvider: _time);
        _gateway = Gateway(TimeSpan.FromSeconds(15)); // generous: a loaded CI machine must not turn answers into timeouts
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        await _sim.DisposeAsync();
    }

    private PaymentGateway Gateway(TimeSpan timeout, IPaymentStore? store = null) =>
        new([Provider(_sim.BaseAddress, timeout, time: _time)], store ?? new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time, NullLoggerFactory.Instance);

    private static PaymentRequest Payment(string key = "park-001") => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.Card("AUTH_8dfhjjdt")],
        AccountReference = "KCA 123X",
        Description = "Parking",
    };

    private static RefundRequest Refund(string key, decimal? amount = null) => new()
    {
        RefundKey = key,
        PaymentKey = "park-001",
        Amount = amount is { } a ? Money.Kes(a) : null,
        Reason = "permit cancelled",
    };

    /// <summary>Advances the clock one refund step at a time, then applies every refund webhook produced so far through the handler.</summary>
    private async Task<List<RefundUpdateResult>> StepAndApplyWebhooksAsync(int steps, int skip = 0)
    {
        for (var i = 0; i < steps; i++)
        {
            _time.Advance(_sim.RefundStepDelay);
        }

        await _sim.WhenCallbacksSentAsync();
        var applied = new List<RefundUpdateResult>();
        foreach (var callback in _sim.Callbacks.Where(c => c.Event?.StartsWith("refund.", StringComparison.Ordinal) == true).Skip(skip))
        {
            var handled = await _handler.HandleAsync(new PaymentCallback { Body = System.Text.Encoding.UTF8.GetBytes(callback.Body), Headers = callback.Headers }, CancellationToken.None);
            Assert.Equal(PaymentCallbackVerdict.Accepted, handled.Verdict);
            foreach (var update in handled.RefundUpdates)
            {
                applied.Add(await _gateway.ApplyRefundUpdateAsync(update));
            }
        }

        return applied;
    }

    [Fact]
    public async Task Pay_Refund_Pending_ThenTheSignedWebhookSettlesIt_Succeeded()
    {
        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.PayAsync(Payment())).Status);

        var refund = await _gateway.RefundAsync(Refund("refund-1"));

        Assert.Equal(RefundStatus.Pending, refund.Status);
        Assert.Equal(Money.Kes(200m), refund.Amount);
        var record = Assert.Single(_sim.RefundRecords);
        Assert.Equal(record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), refund.ProviderReference);

        await StepAndApplyWebhooksAsync(2);

        var settled = await _gateway.GetRefundAsync("refund-1");
        Assert.Equal(RefundStatus.Succeeded, settled!.Status);
        var money = Assert.Single(_sim.Refunds);
        Assert.Equal((200m, "KES"), (money.Amount, money.Currency));
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task TwoPartialRefunds_BothSucceed_AndAThirdBeyondTheChargeIsRefusedBeforeSending()
    {
        await _gateway.PayAsync(Payment());

        Assert.Equal(RefundStatus.Pending, (await _gateway.RefundAsync(Refund("refund-a", 120m))).Status);
        Assert.Equal(RefundStatus.Pending, (await _gateway.RefundAsync(Refund("refund-b", 80m))).Status);
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => _gateway.RefundAsync(Refund("refund-c", 0.01m)));
        Assert.Equal(RefundRefusal.ExceedsRefundable, refused.Refusal);

        await StepAndApplyWebhooksAsync(2);

        Assert.Equal(RefundStatus.Succeeded, (await _gateway.GetRefundAsync("refund-a"))!.Status);
        Assert.Equal(RefundStatus.Succeeded, (await _gateway.GetRefundAsync("refund-b"))!.Status);
        Assert.Equal([120m, 80m], _sim.Refunds.Select(r => r.Amount).Order().Reverse());
        Assert.Equal(2, _sim.RefundRecords.Count);
    }

    [Fact]
    public async Task LostAnswer_IsUnknown_AndTheReconcilerSettlesItWithoutASecondRefund()
    {
        // The charge and the reconciliation go through a patient gateway (a loaded machine must not turn their answers into
        // time-outs); only the refund goes through an impatient one on the same store, so that its late answer is lost.
        var store = new InMemoryPaymentStore();
        using var patient = Gateway(TimeSpan.FromSeconds(15), store);
        using var impatient = Gateway(TimeSpan.FromMilliseconds(500), store);
        Assert.Equal(PaymentStatus.Succeeded, (await patient.PayAsync(Payment())).Status);
        _sim.AnswerRefundsLate();
        _sim.LoseCallbacks();

        var refund = await impatient.RefundAsync(Refund("refund-1", 50m));
        Assert.Equal(RefundStatus.Unknown, refund.Status);
        await WaitForAsync(() => _sim.RefundRecords.Count == 1); // made all the same

        _time.Advance(_sim.RefundStepDelay); // processing
        _time.Advance(_sim.RefundStepDelay); // processed
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        var worker = new PaymentReconciliationWorker(patient, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        await worker.RunOnceAsync();

        var settled = await patient.GetRefundAsync("refund-1");
        Assert.Equal(RefundStatus.Succeeded, settled!.Status);
        Assert.Single(_sim.RefundRecords);
        Assert.Equal(50m, Assert.Single(_sim.Refunds).Amount);
    }

    [Fact]
    public async Task RefundFailedAtPaystack_IsRejected_AndTheAmountCanBeRefundedAgain()
    {
        await _gateway.PayAsync(Payment());
        _sim.RefundsFail = true;
        Assert.Equal(RefundStatus.Pending, (await _gateway.RefundAsync(Refund("refund-1"))).Status);

        await StepAndApplyWebhooksAsync(2);

        var rejected = await _gateway.GetRefundAsync("refund-1");
        Assert.Equal(RefundStatus.Rejected, rejected!.Status);
        Assert.Equal("failed", rejected.Code);
        Assert.Empty(_sim.Refunds);

        _sim.RefundsFail = false;
        Assert.Equal(RefundStatus.Pending, (await _gateway.RefundAsync(Refund("refund-2"))).Status);
        await StepAndApplyWebhooksAsync(2, skip: 3);
        Assert.Equal(RefundStatus.Succeeded, (await _gateway.GetRefundAsync("refund-2"))!.Status);
        Assert.Equal(200m, Assert.Single(_sim.Refunds).Amount);
    }

    [Fact]
    public async Task SignedWebhookWithAnotherAmount_NeverSucceedsTheRefund()
    {
        await _gateway.PayAsync(Payment());
        var refund = await _gateway.RefundAsync(Refund("refund-1", 50m));
        var body = $$$"""{"event":"refund.processed","data":{"id":{{{refund.ProviderReference}}},"status":"processed","transaction_reference":"{{{_sim.Transactions.Single().Reference}}}","amount":"100","currency":"KES"}}""";

        var handled = await _handler.HandleAsync(Signed(body), CancellationToken.None);
        await _gateway.ApplyRefundUpdateAsync(Assert.Single(handled.RefundUpdates));

        Assert.NotEqual(RefundStatus.Succeeded, (await _gateway.GetRefundAsync("refund-1"))!.Status); // KES 1 reported for KES 50: safety rule 8
    }
}
