using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using Resilience.Payments.Testing.Simulators.Paystack;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>
/// Issue 11 over real HTTP: PaymentGateway + PaystackPaymentProvider + PaystackSimulator (+ a second provider), one fake clock.
/// Every source of a success (the /charge answer, verify, the signed webhook) is checked against the payment; a "not found" never
/// fails over while the charge may still land; an abandoned checkout stays open while the payer can still pay.
/// </summary>
public sealed class SafetyEndToEndTests : IAsyncDisposable
{
    private static readonly Money Fee = Money.Kes(2500m);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly PaystackSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly PaymentGatewayOptions _options = new() { InstanceName = "test" };
    private readonly FakePaymentProvider _backup;
    private readonly EventLog _events = new();
    private readonly PaystackWebhook _webhook = new(SecretKey);
    private PaymentGateway _gateway = null!;

    public SafetyEndToEndTests()
    {
        _sim = new PaystackSimulator(SecretKey, seed: 5, timeProvider: _time) { CallbackUrl = new Uri(_receiver.Url + "/paystack/webhook") };
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/paystack/webhook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _backup = new FakePaymentProvider("backup", timeProvider: _time);
        _options.FailoverOrder.Add("paystack");
        _options.FailoverOrder.Add("backup");
        Build(); // generous: a loaded CI machine must not turn answers into timeouts
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    /// <param name="holdCharge">Whether only <c>POST /charge</c> gives up after 1 s (the tests whose charge reply is held back).</param>
    private void Build(bool holdCharge = false)
    {
        _gateway?.Dispose();
        _gateway = new PaymentGateway(
            [holdCharge ? HeldChargeProvider(_sim.BaseAddress, _time) : Provider(_sim.BaseAddress, TimeSpan.FromSeconds(15), time: _time), _backup],
            new InMemoryPaymentStore(),
            Microsoft.Extensions.Options.Options.Create(_options),
            _time,
            NullLoggerFactory.Instance,
            [_events]);
    }

    private static PaymentRequest Request(PaymentInstrument instrument, string key = "permit-77") => new()
    {
        IdempotencyKey = key,
        Amount = Fee,
        Instruments = [instrument],
        AccountReference = "PERMIT 77",
        Description = "Single business permit",
    };

    private Task<int> ReconcileAsync() =>
        new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance).RunOnceAsync();

    private async Task<ProviderUpdate> WebhookAsync(string reference)
    {
        await _sim.WhenCallbacksSentAsync(); // every webhook the simulator has scheduled so far has been delivered
        foreach (var entry in _receiver.LogEntries.Reverse())
        {
            var message = entry.RequestMessage!;
            var body = message.BodyAsBytes ?? Encoding.UTF8.GetBytes(message.Body ?? string.Empty);
            var signature = message.Headers is { } h && h.TryGetValue(PaystackWebhook.SignatureHeader, out var v) ? v.FirstOrDefault() : null;
            if (_webhook.TryVerifyAndParse(body, signature, out var update, out _) && update!.AttemptReference == reference)
            {
                return update;
            }
        }

        throw new InvalidOperationException("no webhook arrived for " + reference);
    }

    private void AssertMismatch(PaymentResult payment, OutcomeSource source, Money? reported, string? payer = null)
    {
        Assert.NotEqual(PaymentStatus.Succeeded, payment.Status);
        Assert.False(payment.Status.IsFinal());
        var mismatch = Assert.Single(payment.MismatchedAttempts).Mismatch!;
        Assert.Equal(source, mismatch.Source);
        Assert.Equal(reported, mismatch.ReportedAmount);
        if (payer is not null)
        {
            Assert.Equal(payer, mismatch.ReportedPayer); // masked
        }

        var raised = Assert.Single(_events.Of<PaymentAmountMismatchEvent>());
        Assert.Equal(payment.IdempotencyKey, raised.Payment.IdempotencyKey);
        Assert.Empty(_backup.Charges); // the payment waits for a person; nobody is charged again
    }

    [Theory]
    [InlineData(100L, null, "KES", "1")] // the payer's bank took KES 1
    [InlineData(null, "NGN", "NGN", "2500")] // another currency
    public async Task Card_ChargeAnswerReportsAnotherAmount_IsNeverSucceeded_MismatchRecordedAndRaised(long? amountMinor, string? currency, string reportedCurrency, string reported)
    {
        _sim.ChargedAmountMinor = amountMinor;
        _sim.ChargedCurrency = currency;

        var result = await _gateway.PayAsync(Request(PaymentInstrument.Card("AUTH_8dfhjjdt")));

        AssertMismatch(result, OutcomeSource.Response, new Money(decimal.Parse(reported, System.Globalization.CultureInfo.InvariantCulture), reportedCurrency));
        Assert.Single(_sim.Charges);
    }

    [Theory]
    [InlineData(100L, null, "KES", "1")]
    [InlineData(null, "NGN", "NGN", "2500")]
    public async Task Card_VerifyReportsAnotherAmount_IsNeverSucceeded(long? amountMinor, string? currency, string reportedCurrency, string reported)
    {
        _sim.ChargedAmountMinor = amountMinor;
        _sim.ChargedCurrency = currency;
        _sim.ChargeThenNoReply();
        Build(holdCharge: true);
        var first = await _gateway.PayAsync(Request(PaymentInstrument.Card("AUTH_8dfhjjdt")));
        Assert.Equal(OutcomeKind.Unknown, first.Attempts.Single().Outcome);
        await WaitForAsync(() => _sim.Transactions.Count == 1);

        _sim.ClearFaults();
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await ReconcileAsync();

        AssertMismatch((await _gateway.GetAsync("permit-77"))!, OutcomeSource.StatusQuery, new Money(decimal.Parse(reported, System.Globalization.CultureInfo.InvariantCulture), reportedCurrency));
    }

    [Theory]
    [InlineData(100L, null, "KES", "1")]
    [InlineData(null, "NGN", "NGN", "2500")]
    public async Task Mpesa_SignedWebhookReportsAnotherAmount_IsNeverSucceeded(long? amountMinor, string? currency, string reportedCurrency, string reported)
    {
        _sim.ChargedAmountMinor = amountMinor;
        _sim.ChargedCurrency = currency;
        var pending = await _gateway.PayAsync(Request(Mpesa));
        Assert.Equal(PaymentStatus.Pending, pending.Status);

        _time.Advance(_sim.PayerDelay); // the payer approves
        var update = await WebhookAsync(pending.Attempts.Single().Reference);
        await _gateway.ApplyProviderUpdateAsync(update);

        AssertMismatch((await _gateway.GetAsync("permit-77"))!, OutcomeSource.Callback, new Money(decimal.Parse(reported, System.Globalization.CultureInfo.InvariantCulture), reportedCurrency));
    }

    [Fact]
    public async Task Mpesa_PaidFromAnotherWallet_IsNeverSucceeded()
    {
        _sim.PayerPhone = "254722000111";
        var pending = await _gateway.PayAsync(Request(Mpesa));

        _time.Advance(_sim.PayerDelay);
        await _gateway.ApplyProviderUpdateAsync(await WebhookAsync(pending.Attempts.Single().Reference));

        AssertMismatch((await _gateway.GetAsync("permit-77"))!, OutcomeSource.Callback, reported: Fee, payer: "2547****0111");
    }

    [Fact]
    public async Task PredictableReference_TransactionOpenedFirstForKes1_IsNeverSucceeded()
    {
        _sim.Preempt(100); // someone opened (and paid KES 1 on) a transaction under the attempt's reference before the charge arrived

        var result = await _gateway.PayAsync(Request(PaymentInstrument.Card("AUTH_8dfhjjdt")));

        var attempt = result.Attempts.Single();
        Assert.Equal(OutcomeKind.Unknown, attempt.Outcome); // Paystack refused the reused reference: never NotProcessed, never failed over
        Assert.Equal("duplicate_reference", attempt.Code);

        // The signed webhook of the other transaction arrives: it names the attempt's reference, with KES 1.
        var webhook = await WebhookAsync(attempt.Reference);
        Assert.True(webhook.AttemptVerified);
        await _gateway.ApplyProviderUpdateAsync(webhook);
        AssertMismatch((await _gateway.GetAsync("permit-77"))!, OutcomeSource.Callback, Money.Kes(1m));

        // Verify says the same: still not paid, and the payer was never charged by the merchant.
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await ReconcileAsync();
        var after = (await _gateway.GetAsync("permit-77"))!;
        Assert.NotEqual(PaymentStatus.Succeeded, after.Status);
        Assert.Equal(1m, Assert.Single(_sim.Charges).Amount);
        Assert.Empty(_backup.Charges);
    }

    [Fact]
    public async Task SignedWebhookOfAnotherTransactionUnderTheVictimsReference_IsNeverSucceeded()
    {
        var pending = await _gateway.PayAsync(Request(Mpesa));
        var reference = pending.Attempts.Single().Reference;
        var other = $$$"""{"event":"charge.success","data":{"id":4999999999,"reference":"{{{reference}}}","status":"success","amount":100,"currency":"KES","channel":"card","paid_at":"2026-07-24T03:00:02.000Z"}}""";
        Assert.True(_webhook.TryVerifyAndParse(Encoding.UTF8.GetBytes(other), PaystackSimulator.Sign(other, SecretKey), out var forged, out _));

        await _gateway.ApplyProviderUpdateAsync(forged!);

        AssertMismatch((await _gateway.GetAsync("permit-77"))!, OutcomeSource.Callback, Money.Kes(1m));
    }

    [Fact]
    public async Task LateLanding_NotFoundWithinSettleWindow_NeverFailsOver_OneChargeInTotal()
    {
        // The /charge is queued at Paystack and never answered; it lands 1.5 s after the reconciler's first verify.
        _sim.LandChargesLate(_options.Reconciliation.FirstCheckDelay + TimeSpan.FromSeconds(1.5));
        Build(holdCharge: true);
        var first = await _gateway.PayAsync(Request(PaymentInstrument.Card("AUTH_8dfhjjdt")));
        Assert.Equal(OutcomeKind.Unknown, first.Attempts.Single().Outcome);

        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await ReconcileAsync(); // verify: "Transaction reference not found", inside the settle window
        await ReconcileAsync();
        var checkedOnce = (await _gateway.GetAsync("permit-77"))!;
        Assert.Equal(PaymentStatus.Pending, checkedOnce.Status);
        Assert.Single(checkedOnce.Attempts);
        Assert.Empty(_backup.Charges);

        _time.Advance(TimeSpan.FromSeconds(1.5)); // the charge lands
        Assert.True(Assert.Single(_sim.Transactions).IsSuccessful);

        _time.Advance(_options.Reconciliation.MaxDelay);
        await ReconcileAsync();
        var final = (await _gateway.GetAsync("permit-77"))!;

        Assert.Equal(PaymentStatus.Succeeded, final.Status);
        Assert.Equal(1, _sim.Charges.Count + _backup.Charges.Count); // exactly one charge across providers
    }

    [Fact]
    public async Task Checkout_AbandonedWhileThePayerIsStillOnThePage_StaysOpen_AndSucceedsWhenThePayerPays()
    {
        _sim.LoseCallbacks(); // the webhook never comes: only verify can tell
        var result = await _gateway.PayAsync(Request(PaymentInstrument.Checkout("wanjiru@example.com")));
        Assert.Equal(PaymentStatus.ActionRequired, result.Status);
        var reference = result.Attempts.Single().Reference;

        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await ReconcileAsync(); // verify: "abandoned", the payer has not completed the checkout yet
        var open = (await _gateway.GetAsync("permit-77"))!;
        Assert.False(open.Status.IsFinal());
        Assert.Equal("abandoned", open.Attempts.Single().Code);

        Assert.True(await _sim.CompleteAsync(reference)); // the payer pays on the page
        _time.Advance(_options.Reconciliation.MaxDelay);
        await ReconcileAsync();

        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.GetAsync("permit-77"))!.Status);
        Assert.Single(_sim.Charges);
        Assert.Empty(_backup.Charges);
    }

    private sealed class EventLog : IPaymentEventObserver
    {
        private readonly ConcurrentQueue<PaymentEvent> _events = new();

        public List<T> Of<T>()
            where T : PaymentEvent => _events.OfType<T>().ToList();

        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
        {
            _events.Enqueue(paymentEvent);
            return ValueTask.CompletedTask;
        }
    }
}
