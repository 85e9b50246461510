using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Resilience.Payments.Mpesa;
using Resilience.Payments.Testing.Simulators.Paystack;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>Gateway + real Daraja and Paystack adapters + simulators + callbacks through Kestrel; audits the simulators' ledgers.</summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private E2EFixture? _fixture;

    private E2EFixture F => _fixture!;

    public async ValueTask InitializeAsync() => _fixture = await E2EFixture.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task Daraja_PayerApproves_CallbackThroughKestrelIsConfirmedByStkQuery_OneCharge()
    {
        var pending = await F.Gateway.PayAsync(E2EFixture.Request("e2e-daraja"));
        Assert.Equal(PaymentStatus.Pending, pending.Status);
        Assert.Equal("mpesa", pending.Provider);
        var queriesBefore = F.Daraja.StkQueryRequests;

        F.Time.Advance(F.Daraja.PayerDelay); // the payer enters the PIN; Daraja posts the stkCallback to Kestrel
        await F.Daraja.WhenCallbacksSentAsync();

        var paid = await F.Gateway.GetAsync("e2e-daraja");
        Assert.Equal(PaymentStatus.Succeeded, paid!.Status);
        var charge = Assert.Single(F.Daraja.Charges);
        Assert.Equal(charge.Receipt, paid.Receipt);
        Assert.Equal(pending.ProviderReference, charge.ProviderReference);
        Assert.True(F.Daraja.StkQueryRequests > queriesBefore, "the unsigned callback was not confirmed by an STK query");
        Assert.Empty(F.Paystack.Transactions);
        Assert.Equal(0, F.Sink.TotalCount);
    }

    [Fact]
    public async Task DarajaOutage_FailsOverToMpesaThroughPaystack_SignedWebhookSettlesIt()
    {
        F.Daraja.Down();

        var pending = await F.Gateway.PayAsync(E2EFixture.Request("e2e-outage"));

        Assert.Equal(PaymentStatus.Pending, pending.Status);
        Assert.Equal("paystack", pending.Provider);
        Assert.Equal([OutcomeKind.NotProcessed, OutcomeKind.Pending], pending.Attempts.Select(a => a.Outcome));
        Assert.Equal("pay_offline", Assert.Single(F.Paystack.Transactions).Status);

        F.Time.Advance(F.Paystack.PayerDelay); // the payer approves; Paystack posts the signed webhook to Kestrel
        var paid = await F.WaitForStatusAsync("e2e-outage", PaymentStatus.Succeeded);

        var charge = Assert.Single(F.Paystack.Transactions);
        Assert.True(charge.IsSuccessful);
        Assert.Equal(pending.Attempts[1].Reference, charge.Reference);
        Assert.Equal(10000, charge.AmountMinor);
        Assert.Equal(2, paid.Attempts.Count);
        Assert.Empty(F.Daraja.Charges);
        Assert.Equal(0, F.Sink.TotalCount);
    }

    [Fact]
    public async Task UnknownOutcome_ChargeThenNoReply_IsResolvedByStatusQuery_WithoutASecondCharge()
    {
        F.Daraja.Down();
        F.Paystack.ChargeThenNoReply();
        F.Paystack.PayerDelay = TimeSpan.FromSeconds(60);

        var first = await F.Gateway.PayAsync(E2EFixture.Request("e2e-unknown"));
        Assert.Equal(PaymentStatus.Pending, first.Status);
        Assert.Equal(OutcomeKind.Unknown, first.Attempts[^1].Outcome);
        await WaitForAsync(() => F.Paystack.Transactions.Count > 0);
        Assert.Single(F.Paystack.Transactions); // Paystack charged; the gateway never heard back

        // Both integrations are healthy again: a naive retry would now charge through Daraja or Paystack a second time.
        F.Paystack.ClearFaults();
        F.Paystack.LoseCallbacks(); // only the status query can tell
        F.Daraja.Up();
        var reconciler = F.Reconciler();

        F.Time.Advance(F.Options.Reconciliation.FirstCheckDelay);
        await reconciler.RunOnceAsync(); // verify says "pending": still waiting for the payer, no failover
        var waiting = await F.Gateway.GetAsync("e2e-unknown");
        Assert.Equal(PaymentStatus.Pending, waiting!.Status);
        Assert.Equal(2, waiting.Attempts.Count);

        F.Time.Advance(TimeSpan.FromSeconds(30)); // the payer approves at +60 s; the webhook is lost
        await F.WaitForWebhooksAsync(1);
        F.Time.Advance(F.Options.Reconciliation.MaxDelay);
        await reconciler.RunOnceAsync();

        var paid = await F.Gateway.GetAsync("e2e-unknown");
        Assert.Equal(PaymentStatus.Succeeded, paid!.Status);
        Assert.Equal(2, paid.Attempts.Count);
        var again = await F.Gateway.PayAsync(E2EFixture.Request("e2e-unknown")); // the app retries the same key
        Assert.Equal(PaymentStatus.Succeeded, again.Status);

        Assert.True(Assert.Single(F.Paystack.Transactions).IsSuccessful);
        Assert.Empty(F.Daraja.Charges);
        Assert.Equal(0, F.Daraja.StkPushRequests);
        Assert.Equal(0, Assert.Single(F.Paystack.Callbacks).Deliveries);
    }

    [Fact]
    public async Task ForgedPaystackWebhook_Is401_AndChangesNothing()
    {
        F.Daraja.Down();
        var pending = await F.Gateway.PayAsync(E2EFixture.Request("e2e-forged"));
        var reference = pending.Attempts[^1].Reference;
        var forged = E2EFixture.PaystackChargeSuccess(reference);

        using var wrongKey = await F.PostAsync("paystack", forged, PaystackSimulator.Sign(forged, "sk_test_attacker"));
        using var unsigned = await F.PostAsync("paystack", forged);
        using var replayed = await F.PostAsync("paystack", forged.Replace("10000", "1", StringComparison.Ordinal), PaystackSimulator.Sign(forged, E2EFixture.PaystackSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        var payment = await F.Gateway.GetAsync("e2e-forged");
        Assert.Equal(PaymentStatus.Pending, payment!.Status);
        Assert.Equal("pay_offline", Assert.Single(F.Paystack.Transactions).Status);
        Assert.Equal(0, F.Sink.TotalCount);

        using var genuine = await F.PostAsync("paystack", forged, PaystackSimulator.Sign(forged, E2EFixture.PaystackSecret));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode); // the same body, signed with the real key, is taken
    }

    [Fact]
    public async Task ForgedDarajaCallback_IsNotConfirmedByTheStkQuery_AndChangesNothing()
    {
        var pending = await F.Gateway.PayAsync(E2EFixture.Request("e2e-forged-mpesa"));

        using var response = await F.PostAsync("mpesa", E2EFixture.DarajaCallback(pending.ProviderReference!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DarajaCallbackHandler.AcceptedReplyBody, await response.Content.ReadAsStringAsync());
        Assert.Equal(PaymentStatus.Pending, (await F.Gateway.GetAsync("e2e-forged-mpesa"))!.Status);
        Assert.Empty(F.Daraja.Charges);
        Assert.Equal(0, F.Sink.TotalCount);
    }

    [Fact]
    public async Task MalformedDarajaCallback_Is400_AndCausesNoStkQuery()
    {
        await F.Gateway.PayAsync(E2EFixture.Request("e2e-malformed"));
        var queries = F.Daraja.StkQueryRequests;

        using var response = await F.PostAsync("mpesa", """{"Body":{"stkCallback":{"ResultCode":0}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(queries, F.Daraja.StkQueryRequests);
        Assert.Equal(PaymentStatus.Pending, (await F.Gateway.GetAsync("e2e-malformed"))!.Status);
    }

    [Fact]
    public async Task LostCallbacks_AreRecoveredByReconciliation()
    {
        F.Daraja.LoseCallbacks();
        var pending = await F.Gateway.PayAsync(E2EFixture.Request("e2e-lost"));
        Assert.Equal("mpesa", pending.Provider);

        F.Time.Advance(F.Daraja.PayerDelay); // charged, but no callback ever comes
        await F.Daraja.WhenCallbacksSentAsync();
        Assert.Equal(0, F.Daraja.CallbacksSent);
        Assert.Equal(PaymentStatus.Pending, (await F.Gateway.GetAsync("e2e-lost"))!.Status);

        F.Time.Advance(F.Options.Reconciliation.FirstCheckDelay);
        await F.Reconciler().RunOnceAsync();

        var paid = await F.Gateway.GetAsync("e2e-lost");
        Assert.Equal(PaymentStatus.Succeeded, paid!.Status);
        Assert.Single(paid.Attempts);
        Assert.Single(F.Daraja.Charges);
        Assert.Empty(F.Paystack.Transactions);
    }

    [Fact]
    public async Task DuplicateDarajaCallbacks_ChangeNothingTwice()
    {
        F.Daraja.DuplicateCallbacks();
        await F.Gateway.PayAsync(E2EFixture.Request("e2e-dup"));

        F.Time.Advance(F.Daraja.PayerDelay);
        await F.Daraja.WhenCallbacksSentAsync();

        Assert.Equal(2, F.Daraja.CallbacksSent);
        var paid = await F.Gateway.GetAsync("e2e-dup");
        Assert.Equal(PaymentStatus.Succeeded, paid!.Status);
        Assert.Single(paid.Attempts);
        Assert.Single(F.Daraja.Charges);
        Assert.Equal(0, F.Sink.TotalCount);
    }

    [Fact]
    public async Task LateDarajaCallback_ForAnStkPushThatGotNoReply_SettlesItByTheAttemptInItsUrl()
    {
        F.Daraja.ChargeThenNoReply();
        var prompts = F.Daraja.PromptsSent;
        var pending = await F.Gateway.PayAsync(E2EFixture.Request("e2e-late"));
        Assert.Equal(OutcomeKind.Unknown, Assert.Single(pending.Attempts).Outcome);
        Assert.Null(pending.ProviderReference);
        await WaitForAsync(() => F.Daraja.PromptsSent > prompts);

        F.Time.Advance(F.Daraja.PayerDelay); // the payer approves; the callback names a CheckoutRequestID the gateway never learnt
        await F.Daraja.WhenCallbacksSentAsync();

        var charge = Assert.Single(F.Daraja.Charges);
        var payment = await F.WaitForStatusAsync("e2e-late", PaymentStatus.Succeeded); // the CallBackURL named the attempt
        Assert.Equal(charge.ProviderReference, payment.ProviderReference);
        Assert.Equal(charge.Receipt, payment.Receipt);
        Assert.Single(payment.Attempts); // never failed over: the customer was charged once
        Assert.Empty(F.Paystack.Transactions);
        Assert.Equal(0, F.Sink.TotalCount);
    }

    [Fact]
    public async Task DarajaCallback_ForAChargeNoPaymentKnows_IsRecordedForAudit()
    {
        // A charge made outside this gateway (another system on the same short code, or a payment lost from the books).
        var mpesa = F.App.Services.GetRequiredService<DarajaPaymentProvider>();
        var outside = await mpesa.InitiateAsync(
            new ProviderPaymentRequest
            {
                PaymentKey = "elsewhere",
                AttemptReference = "elsewhere-1",
                AttemptNumber = 1,
                Amount = Money.Kes(100),
                Instrument = new MobileMoneyInstrument(PhoneNumber.Parse("0712345678")),
                AccountReference = "KCA123X",
            },
            CancellationToken.None);
        Assert.Equal(OutcomeKind.Pending, outside.Kind);

        F.Time.Advance(F.Daraja.PayerDelay);
        await F.Daraja.WhenCallbacksSentAsync();

        var charge = Assert.Single(F.Daraja.Charges);
        var unmatched = Assert.Single(F.Sink.GetRecent());
        Assert.Equal("mpesa", unmatched.Provider);
        Assert.Equal(charge.ProviderReference, unmatched.ProviderReference);
        Assert.Equal(OutcomeKind.Succeeded, unmatched.Outcome);
        Assert.Equal(charge.Receipt, unmatched.Receipt);
        Assert.Null(await F.Gateway.GetAsync("elsewhere"));
    }

    [Fact]
    public async Task DarajaOutage_OpensItsCircuit_HealthIsDegradedWhilePaystackTakesThePayments()
    {
        await using var f = await E2EFixture.StartAsync(seed: 12, gateway: o => o.Providers["mpesa"] = new ProviderResilienceOptions { MinimumThroughput = 2 });
        using (var before = await f.App.Client.GetAsync("health"))
        {
            Assert.Equal("Healthy", await before.Content.ReadAsStringAsync());
        }

        f.Daraja.Down();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("paystack", (await f.Gateway.PayAsync(E2EFixture.Request($"e2e-health-{i}"))).Provider);
        }

        using var during = await f.App.Client.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal("Degraded", await during.Content.ReadAsStringAsync());
        var check = await new PaymentGatewayHealthCheck(f.Gateway, f.App.Services.GetRequiredService<IPaymentOperations>())
            .CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext { Registration = new("payments", _ => null!, null, null) });
        Assert.Equal("Open", check.Data["provider:mpesa"]);
        Assert.Equal("Closed", check.Data["provider:paystack"]);
        Assert.Equal(3, f.Paystack.Transactions.Count);
        Assert.Empty(f.Daraja.Charges);
    }
}
