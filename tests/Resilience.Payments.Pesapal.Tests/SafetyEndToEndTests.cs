using System.Collections.Concurrent;
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

/// <summary>
/// Issue 11 over real HTTP: PaymentGateway + PesapalPaymentProvider + PesapalCallbackHandler + PesapalSimulator, one fake clock. Both
/// sources of a success (GetTransactionStatus by the reconciler, the IPN handler's confirmation) are checked against the payment;
/// an IPN naming another payment's merchant reference never touches it.
/// </summary>
public sealed class SafetyEndToEndTests : IAsyncDisposable
{
    private static readonly Money Fee = Money.Kes(2500m);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly PesapalSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly PaymentGatewayOptions _options = new() { InstanceName = "test" };
    private readonly FakePaymentProvider _backup;
    private readonly EventLog _events = new();
    private readonly PesapalPaymentProvider _adapter;
    private readonly PesapalCallbackHandler _handler;
    private readonly PaymentGateway _gateway;

    public SafetyEndToEndTests()
    {
        _sim = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 13, timeProvider: _time);
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/pesapal/ipn").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _backup = new FakePaymentProvider("backup", timeProvider: _time);
        _options.FailoverOrder.Add("pesapal");
        _options.FailoverOrder.Add("backup");
        var options = Options(_sim.BaseAddress);
        options.IpnUrl = new Uri(_receiver.Url + "/pesapal/ipn");
        _adapter = new PesapalPaymentProvider(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), _time);
        _handler = new PesapalCallbackHandler(_adapter);
        _gateway = new PaymentGateway([_adapter, _backup], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time, NullLoggerFactory.Instance, [_events]);
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _adapter.Dispose();
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private static PaymentRequest Request(string key = "permit-77", PaymentInstrument? instrument = null, Money? amount = null) => new()
    {
        IdempotencyKey = key,
        Amount = amount ?? Fee,
        Instruments = [instrument ?? Checkout],
        AccountReference = "PERMIT 77",
        Description = "Single business permit",
    };

    private Task<int> ReconcileAsync() =>
        new PaymentReconciliationWorker(_gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance).RunOnceAsync();

    private async Task<ProviderUpdateResult?> ForwardIpnAsync(string body)
    {
        var result = await _handler.HandleAsync(new PaymentCallback { Method = "POST", Body = System.Text.Encoding.UTF8.GetBytes(body) }, CancellationToken.None);
        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        return result.Updates.Count == 0 ? null : await _gateway.ApplyProviderUpdateAsync(Assert.Single(result.Updates));
    }

    private static string Ipn(string trackingId, string merchantReference) =>
        $$"""{"OrderNotificationType":"IPNCHANGE","OrderTrackingId":"{{trackingId}}","OrderMerchantReference":"{{merchantReference}}"}""";

    private void AssertMismatch(PaymentResult payment, Money? reported, string? payer = null)
    {
        Assert.NotEqual(PaymentStatus.Succeeded, payment.Status);
        Assert.False(payment.Status.IsFinal());
        var mismatch = Assert.Single(payment.MismatchedAttempts).Mismatch!;
        Assert.Equal(OutcomeSource.StatusQuery, mismatch.Source); // the IPN's confirmation and the reconciler both ask GetTransactionStatus
        Assert.Equal(reported, mismatch.ReportedAmount);
        if (payer is not null)
        {
            Assert.Equal(payer, mismatch.ReportedPayer);
        }

        Assert.Single(_events.Of<PaymentAmountMismatchEvent>());
        Assert.Empty(_backup.Charges);
    }

    [Theory]
    [InlineData("1", null, "KES", "1")] // the payer paid KES 1 on the checkout page
    [InlineData(null, "USD", "USD", "2500")] // another currency
    public async Task StatusQueryReportsAnotherAmount_IsNeverSucceeded_MismatchRecordedAndRaised(string? paid, string? currency, string reportedCurrency, string reported)
    {
        _sim.PaidAmount = paid is null ? null : decimal.Parse(paid, System.Globalization.CultureInfo.InvariantCulture);
        _sim.PaidCurrency = currency;
        _sim.LoseCallbacks();
        var pending = await _gateway.PayAsync(Request());
        Assert.Equal(PaymentStatus.ActionRequired, pending.Status);

        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        await ReconcileAsync();

        AssertMismatch((await _gateway.GetAsync("permit-77"))!, new Money(decimal.Parse(reported, System.Globalization.CultureInfo.InvariantCulture), reportedCurrency));
        Assert.Single(_sim.Charges);
    }

    [Theory]
    [InlineData("1", null, "KES", "1")]
    [InlineData(null, "USD", "USD", "2500")]
    public async Task IpnConfirmsAnotherAmount_IsNeverSucceeded(string? paid, string? currency, string reportedCurrency, string reported)
    {
        _sim.PaidAmount = paid is null ? null : decimal.Parse(paid, System.Globalization.CultureInfo.InvariantCulture);
        _sim.PaidCurrency = currency;
        var pending = await _gateway.PayAsync(Request());

        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var message = Assert.Single(_receiver.LogEntries).RequestMessage!;
        await ForwardIpnAsync(message.Body!);

        AssertMismatch((await _gateway.GetAsync("permit-77"))!, new Money(decimal.Parse(reported, System.Globalization.CultureInfo.InvariantCulture), reportedCurrency));
        Assert.Equal(pending.Attempts.Single().ProviderReference, _sim.Charges.Single().ProviderReference);
    }

    [Fact]
    public async Task MobileMoneyPaidFromAnotherWholeNumber_IsNeverSucceeded()
    {
        _sim.PayerAccount = "254722000111";
        var pending = await _gateway.PayAsync(Request(instrument: Mpesa));
        Assert.Equal(PaymentStatus.ActionRequired, pending.Status);

        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        await ForwardIpnAsync(Assert.Single(_receiver.LogEntries).RequestMessage!.Body!);

        AssertMismatch((await _gateway.GetAsync("permit-77"))!, Fee, payer: "2547****0111");
    }

    [Fact]
    public async Task MaskedPayerAccount_IsNotComparedAndTheRightAmountSucceeds()
    {
        var pending = await _gateway.PayAsync(Request(instrument: Mpesa)); // Pesapal reports "0712****78"
        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        await ForwardIpnAsync(Assert.Single(_receiver.LogEntries).RequestMessage!.Body!);

        var paid = (await _gateway.GetAsync("permit-77"))!;
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        Assert.Empty(paid.MismatchedAttempts);
        Assert.Equal(pending.Attempts.Single().ProviderReference, paid.Attempts.Single().ProviderReference);
    }

    [Fact]
    public async Task ForgedIpn_VictimsMerchantReferenceWithAnotherRealOrderTrackingId_NeverTouchesTheVictim()
    {
        _sim.AutoPay = false;
        var victim = await _gateway.PayAsync(Request("permit-77"));
        var other = await _gateway.PayAsync(Request("permit-78", amount: Money.Kes(1m))); // the attacker's own payment
        var otherTracking = other.Attempts.Single().ProviderReference!;
        Assert.True(await _sim.CompleteAsync(otherTracking)); // the attacker pays their KES 1 order
        await _sim.WhenCallbacksSentAsync();

        // The attacker's IPN names the victim's merchant reference with the attacker's real, paid OrderTrackingId.
        var applied = await ForwardIpnAsync(Ipn(otherTracking, victim.Attempts.Single().Reference));

        Assert.Equal("permit-78", applied!.Payment!.IdempotencyKey); // Pesapal's answer names the attacker's order: that is what settles
        var untouched = (await _gateway.GetAsync("permit-77"))!;
        Assert.Equal(PaymentStatus.ActionRequired, untouched.Status);
        Assert.Empty(untouched.MismatchedAttempts);
        Assert.NotEqual(OutcomeKind.Succeeded, untouched.Attempts.Single().Outcome);
        Assert.NotEqual(otherTracking, untouched.Attempts.Single().ProviderReference);
        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.GetAsync("permit-78"))!.Status);
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
