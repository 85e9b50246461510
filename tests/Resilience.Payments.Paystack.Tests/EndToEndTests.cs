using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Paystack;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>PaymentGateway + PaystackPaymentProvider + PaystackSimulator over real HTTP; the gateway and the simulator share a fake clock.</summary>
public sealed class EndToEndTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PaystackSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly PaymentGatewayOptions _options = new() { InstanceName = "test" };
    private readonly PaymentGateway _gateway;
    private readonly PaystackWebhook _webhook = new(SecretKey);

    public EndToEndTests()
    {
        _sim = new PaystackSimulator(SecretKey, seed: 7, timeProvider: _time) { CallbackUrl = new Uri(_receiver.Url + "/paystack/webhook") };
        _receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/paystack/webhook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var provider = Provider(_sim.BaseAddress, TimeSpan.FromSeconds(15)); // generous: a loaded CI machine must not turn answers into timeouts
        _gateway = new PaymentGateway([provider], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time, NullLoggerFactory.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    private static PaymentRequest Request(PaymentInstrument instrument, string key = "park-001") => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200.50m),
        Instruments = [instrument],
        AccountReference = "KCA 123X",
        Description = "Parking",
    };

    private async Task<(byte[] Body, string? Signature)> NextWebhookAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            if (_receiver.LogEntries.Count > 0 && _receiver.LogEntries[0] is { RequestMessage: { } message })
            {
                var signature = message.Headers is { } h && h.TryGetValue("x-paystack-signature", out var v) ? v.FirstOrDefault() : null;
                return (message.BodyAsBytes ?? Encoding.UTF8.GetBytes(message.Body ?? string.Empty), signature);
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("no webhook arrived");
    }

    [Fact]
    public async Task Card_Succeeds_WithOneCharge()
    {
        var result = await _gateway.PayAsync(Request(PaymentInstrument.Card("AUTH_8dfhjjdt")));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        var charge = Assert.Single(_sim.Transactions);
        Assert.True(charge.IsSuccessful);
        Assert.Equal(20050, charge.AmountMinor);
        Assert.Equal(result.Attempts.Single().Reference, charge.Reference);
    }

    [Fact]
    public async Task Mpesa_PendingThenSignedWebhook_Succeeds_WithOneCharge()
    {
        var pending = await _gateway.PayAsync(Request(Mpesa));
        Assert.Equal(PaymentStatus.Pending, pending.Status);
        Assert.Equal("pay_offline", Assert.Single(_sim.Transactions).Status);

        _time.Advance(_sim.PayerDelay); // the payer approves on the phone
        var (body, signature) = await NextWebhookAsync();

        Assert.True(_webhook.TryVerifyAndParse(body, signature, out var update, out var error), error);
        var applied = await _gateway.ApplyProviderUpdateAsync(update!);

        Assert.Equal(ProviderUpdateDisposition.Applied, applied.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, (await _gateway.GetAsync("park-001"))!.Status);
        Assert.True(Assert.Single(_sim.Transactions).IsSuccessful);

        var again = await _gateway.ApplyProviderUpdateAsync(update!); // a duplicated webhook changes nothing
        Assert.Equal(ProviderUpdateDisposition.Unchanged, again.Disposition);
    }

    [Fact]
    public async Task Mpesa_ForgedWebhook_ChangesNothing()
    {
        var pending = await _gateway.PayAsync(Request(Mpesa));
        Assert.Equal(PaymentStatus.Pending, pending.Status);
        var reference = pending.Attempts.Single().Reference;
        var forged = $$$"""{"event":"charge.success","data":{"reference":"{{{reference}}}","status":"success"}}""";

        var accepted = _webhook.TryVerifyAndParse(Encoding.UTF8.GetBytes(forged), PaystackSimulator.Sign(forged, "sk_test_attacker"), out var update, out _);

        Assert.False(accepted);
        Assert.Null(update);
        Assert.Equal(PaymentStatus.Pending, (await _gateway.GetAsync("park-001"))!.Status);
        Assert.Equal("pay_offline", Assert.Single(_sim.Transactions).Status);
    }

    [Fact]
    public async Task ChargeThenNoReply_IsReconciledByReference_WithoutASecondCharge()
    {
        _sim.ChargeThenNoReply();
        using var gateway = new PaymentGateway([Provider(_sim.BaseAddress, TimeSpan.FromSeconds(1))], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(_options), _time, NullLoggerFactory.Instance);
        var first = await gateway.PayAsync(Request(PaymentInstrument.Card("AUTH_8dfhjjdt")));
        Assert.Equal(PaymentStatus.Pending, first.Status);
        Assert.Equal(OutcomeKind.Unknown, first.Attempts.Single().Outcome);
        await WaitForAsync(() => _sim.Transactions.Count == 1); // under load the request may reach the simulator after the client gave up

        _sim.ClearFaults();
        _time.Advance(_options.Reconciliation.FirstCheckDelay);
        var worker = new PaymentReconciliationWorker(gateway, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<PaymentReconciliationWorker>.Instance);
        Assert.Equal(1, await worker.RunOnceAsync());

        var final = await gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Succeeded, final!.Status);
        Assert.Single(final.Attempts);
        Assert.True(Assert.Single(_sim.Transactions).IsSuccessful);
    }

    [Fact]
    public async Task PaystackDown_NotProcessed_QueuesWithoutCharging()
    {
        _sim.Down();
        var result = await _gateway.PayAsync(Request(PaymentInstrument.Card("AUTH_8dfhjjdt")));
        Assert.Equal(OutcomeKind.NotProcessed, result.Attempts.Single().Outcome);
        Assert.Equal(PaymentStatus.Queued, result.Status);
        Assert.Empty(_sim.Transactions);
    }
}
