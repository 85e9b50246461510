using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Resilience.Payments.Testing.Simulators;
using Resilience.Payments.Testing.Simulators.Paystack;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>
/// Issue 11: attacks through the real callback endpoints (Kestrel on loopback, <c>MapPaymentCallbacks</c>), each adapter against its
/// simulator on a fake clock: forged signatures and tokens, under-amount and wrong-currency successes, forged attempt references and
/// replay storms. Deterministic: the simulators' payers act when the test advances the clock or completes a payment, and
/// <see cref="ProviderSimulator.WhenCallbacksSentAsync"/> waits for their callbacks to be answered.
/// </summary>
public sealed class CallbackAttackTests
{
    private const string VictimPhone = "0712345678";
    private const string AttackerPhone = "0711000111";

    // ---- 2. forged signatures and tokens ----

    [Theory]
    [InlineData("wrong")]
    [InlineData("missing")]
    [InlineData("other-key")]
    [InlineData("genuine-of-other-body")]
    public async Task PaystackWebhook_ForgedSignature_IsUnauthorizedAndChangesNothing(string signature)
    {
        await using var host = await CallbackHost.StartAsync(ProviderUnderTest.Paystack);
        var paid = await host.Gateway.PayAsync(host.Payment("victim"));
        var before = CallbackHost.Fingerprint(await host.Gateway.GetAsync("victim"));
        var changes = host.Events.StatusChanges("victim").Count;
        var body = Genuine.PaystackChargeSuccess(paid.Attempts[^1].Reference);
        var header = signature switch
        {
            "wrong" => new string('a', 128),
            "missing" => null,
            "other-key" => PaystackSimulator.Sign(body, "sk_test_someone_else_0123456789"),
            _ => PaystackSimulator.Sign(Genuine.PaystackChargeSuccess(paid.Attempts[^1].Reference, amountMinor: 15001), CallbackHost.PaystackSecret),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, await host.PostAsync(body, paystackSignature: header));

        Assert.Equal(before, CallbackHost.Fingerprint(await host.Gateway.GetAsync("victim")));
        Assert.Equal(changes, host.Events.StatusChanges("victim").Count);

        // The same body with Paystack's own signature is accepted: the rejection above was the signature's.
        Assert.Equal(HttpStatusCode.OK, await host.PostAsync(body, paystackSignature: PaystackSimulator.Sign(body, CallbackHost.PaystackSecret)));
        Assert.Equal(PaymentStatus.Succeeded, (await host.Gateway.GetAsync("victim"))!.Status);
    }

    [Theory]
    [InlineData(1032, "absent")]
    [InlineData(1032, "forged")]
    [InlineData(1032, "other-attempt")]
    [InlineData(1025, "absent")]
    [InlineData(1025, "forged")]
    [InlineData(1025, "other-attempt")]
    public async Task DarajaCallback_VictimAttemptWithBadTokenAndOtherRealCheckout_NeitherDeclinesNorFailsOverTheVictim(int resultCode, string token)
    {
        await using var host = await CallbackHost.StartAsync(ProviderUnderTest.Daraja);

        // The attacker's own payment: a real CheckoutRequestID on the same short code, which ends with resultCode.
        host.Daraja.Decline(resultCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var attacker = await host.Gateway.PayAsync(host.Payment("attacker", AttackerPhone));
        host.Time.Advance(host.Daraja.PayerDelay);
        await host.Daraja.WhenCallbacksSentAsync();
        host.Daraja.ClearFaults();
        var attackerCallback = host.DarajaCallbackPathAndQuery(0);
        var attackerToken = QueryHelpers.ParseQuery(new Uri(host.Client.BaseAddress!, attackerCallback).Query)["token"].ToString();
        Assert.False(string.IsNullOrEmpty(attackerToken));

        // The victim's STK push reached Daraja (a prompt is on the payer's phone) but its reply was lost: the attempt holds no CheckoutRequestID.
        host.Network.DropChargeReplies = true;
        var victim = await host.Gateway.PayAsync(host.Payment("victim", VictimPhone));
        host.Network.DropChargeReplies = false;
        Assert.Equal(PaymentStatus.Pending, victim.Status);
        var victimAttempt = victim.Attempts.Single().Reference;

        var query = $"attempt={Uri.EscapeDataString(victimAttempt)}" + token switch
        {
            "absent" => string.Empty,
            "forged" => "&token=" + new string('A', attackerToken.Length),
            _ => "&token=" + Uri.EscapeDataString(attackerToken),
        };
        Assert.Equal(HttpStatusCode.OK, await host.PostAsync(Genuine.DarajaCallback(attacker.Attempts[^1].ProviderReference!, resultCode), host.CallbackPath + "?" + query));

        var after = (await host.Gateway.GetAsync("victim"))!;
        Assert.Equal(PaymentStatus.Pending, after.Status);
        Assert.Single(after.Attempts);
        Assert.Null(after.Attempts[0].ProviderReference);
        Assert.Single(host.ChargeBodies, b => b.Contains("254712345678", StringComparison.Ordinal));

        // The victim's payer approves; the genuine callback (with the adapter's token) is still taken.
        host.Time.Advance(host.Daraja.PayerDelay);
        await host.Daraja.WhenCallbacksSentAsync();
        Assert.Equal(PaymentStatus.Succeeded, (await host.Gateway.GetAsync("victim"))!.Status);
        Assert.Single(host.ChargeBodies, b => b.Contains("254712345678", StringComparison.Ordinal));
    }

    // ---- 3. under-amount and wrong-currency successes ----

    [Theory]
    [InlineData(ProviderUnderTest.Daraja, "amount")]
    [InlineData(ProviderUnderTest.Paystack, "amount")]
    [InlineData(ProviderUnderTest.Paystack, "currency")]
    [InlineData(ProviderUnderTest.Pesapal, "amount")]
    [InlineData(ProviderUnderTest.Pesapal, "currency")]
    public async Task Callback_SuccessForLessOrInAnotherCurrency_IsAMismatchNeverSucceeded(string provider, string wrong)
    {
        // Daraja is KES only (no currency case); Airtel reports no amount: see AirtelCallback_BodyClaims_ChangeNothing.
        await using var host = await CallbackHost.StartAsync(provider);
        switch (provider)
        {
            case ProviderUnderTest.Daraja:
                host.Daraja.PaidAmount = 1m;
                break;
            case ProviderUnderTest.Paystack when wrong == "amount":
                host.Paystack.ChargedAmountMinor = 100;
                break;
            case ProviderUnderTest.Paystack:
                host.Paystack.ChargedCurrency = "NGN";
                break;
            case ProviderUnderTest.Pesapal when wrong == "amount":
                host.Pesapal.PaidAmount = 1m;
                break;
            default:
                host.Pesapal.PaidCurrency = "USD";
                break;
        }

        var paid = await host.Gateway.PayAsync(host.Payment("under"));
        Assert.NotEqual(PaymentStatus.Succeeded, paid.Status);
        switch (provider)
        {
            case ProviderUnderTest.Daraja:
                host.Time.Advance(host.Daraja.PayerDelay);
                break;
            case ProviderUnderTest.Paystack:
                host.Time.Advance(host.Paystack.PayerDelay);
                break;
            default:
                Assert.True(await host.Pesapal.CompleteAsync(host.Pesapal.Transactions.Single().MerchantReference));
                break;
        }

        await host.Simulator.WhenCallbacksSentAsync();

        Assert.Single(host.Simulator.Charges); // money moved, for the wrong amount or currency
        var payment = (await host.Gateway.GetAsync("under"))!;
        Assert.NotEqual(PaymentStatus.Succeeded, payment.Status);
        var mismatch = Assert.Single(payment.MismatchedAttempts);
        Assert.Equal(paid.Attempts[^1].Reference, mismatch.Reference);
        Assert.NotEmpty(host.Events.Mismatches("under"));
        Assert.DoesNotContain(host.Events.StatusChanges("under"), e => e.Payment.Status == PaymentStatus.Succeeded);
    }

    [Fact]
    public async Task AirtelCallback_BodyClaims_ChangeNothing()
    {
        // Airtel's documented enquiry and callback report no amount to check: what the unsigned body claims (status, amount in its
        // message, airtel_money_id) must change nothing; only Airtel's enquiry about our own transaction id counts.
        await using var host = await CallbackHost.StartAsync(ProviderUnderTest.Airtel);
        await host.Gateway.PayAsync(host.Payment("claims"));
        var id = host.Airtel.Transactions.Single().Id;
        var before = CallbackHost.Fingerprint(await host.Gateway.GetAsync("claims"));

        Assert.Equal(HttpStatusCode.OK, await host.PostAsync(Genuine.AirtelCallback(id, "TS", "Paid KES 1", "MPFORGED.0001.AAAAAA")));
        Assert.Equal(before, CallbackHost.Fingerprint(await host.Gateway.GetAsync("claims"))); // Airtel says in progress

        host.Airtel.LoseCallbacks();
        Assert.True(await host.Airtel.CompleteAsync(id, "DP00800001007")); // the payer declines (not enough funds)
        await host.Airtel.WhenCallbacksSentAsync();
        Assert.Equal(HttpStatusCode.OK, await host.PostAsync(Genuine.AirtelCallback(id, "TS", "Paid KES 150", "MPFORGED.0001.AAAAAA")));

        var payment = (await host.Gateway.GetAsync("claims"))!;
        Assert.NotEqual(PaymentStatus.Succeeded, payment.Status); // the body said TS; Airtel's enquiry says failed
        Assert.NotEqual("MPFORGED.0001.AAAAAA", payment.Receipt);
        Assert.Empty(host.Airtel.Charges);
    }

    // ---- 4. forged references ----

    public static TheoryData<string, string> ForgedReferenceCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in ProviderUnderTest.All)
        {
            data.Add(provider, "without-random-part");
            data.Add(provider, "wrong-random-part");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ForgedReferenceCases))]
    public async Task Callback_ForgedAttemptReference_ChangesNothing(string provider, string forgery)
    {
        await using var host = await CallbackHost.StartAsync(provider);
        if (provider == ProviderUnderTest.Daraja)
        {
            host.Network.DropChargeReplies = true; // the victim's attempt holds no CheckoutRequestID: the case where a named attempt matters
        }

        var paid = await host.Gateway.PayAsync(host.Payment("victim"));
        host.Network.DropChargeReplies = false;
        var real = paid.Attempts[^1].Reference;
        var keyAndNumber = real[..real.LastIndexOf('-')];
        Assert.Equal("victim-1", keyAndNumber);
        var forged = forgery == "without-random-part" ? keyAndNumber : keyAndNumber + "-" + (real[^8..] == "zzzzzzzz" ? "yyyyyyyy" : "zzzzzzzz");
        var before = CallbackHost.Fingerprint(await host.Gateway.GetAsync("victim"));
        var changes = host.Events.StatusChanges("victim").Count;

        switch (provider)
        {
            case ProviderUnderTest.Paystack:
                // A payer opens a Paystack transaction under the guessed reference and pays the full amount: Paystack signs its webhook.
                Assert.True(await host.Paystack.OpenTransactionAsync(forged, 15000));
                await host.Paystack.WhenCallbacksSentAsync();
                Assert.Contains(host.Sink.GetRecent(), u => u.AttemptReference == forged);
                break;
            case ProviderUnderTest.Airtel:
                Assert.Equal(HttpStatusCode.OK, await host.PostAsync(Genuine.AirtelCallback(forged)));
                break;
            case ProviderUnderTest.Daraja:
                // Signed for the real attempt, but naming the forged one; and unsigned.
                var token = QueryHelpers.ParseQuery(new Uri(host.Client.BaseAddress!, host.DarajaCallbackPathAndQuery(0)).Query)["token"].ToString();
                Assert.Equal(HttpStatusCode.OK, await host.PostAsync(Genuine.DarajaCallback("ws_CO_24072026061500000001"), $"{host.CallbackPath}?attempt={forged}&token={Uri.EscapeDataString(token)}"));
                Assert.Equal(HttpStatusCode.OK, await host.PostAsync(Genuine.DarajaCallback("ws_CO_24072026061500000001"), $"{host.CallbackPath}?attempt={forged}"));
                break;
            default:
                var status = await host.PostAsync(Genuine.PesapalIpn("00000000-0000-0000-0000-000000000000", forged));
                Assert.True((int)status < 500, status.ToString());
                break;
        }

        Assert.Equal(before, CallbackHost.Fingerprint(await host.Gateway.GetAsync("victim")));
        Assert.Equal(changes, host.Events.StatusChanges("victim").Count);
    }

    // ---- 5. replay storms ----

    [Theory]
    [InlineData(ProviderUnderTest.Daraja)]
    [InlineData(ProviderUnderTest.Airtel)]
    [InlineData(ProviderUnderTest.Pesapal)]
    public async Task Callback_FiftyConcurrentReplaysOfAGenuineCallback_AtMostTwoStatusQueriesAndOneStatusChange(string provider)
    {
        await using var host = await CallbackHost.StartAsync(provider);
        var paid = await host.Gateway.PayAsync(host.Payment("storm"));
        host.Simulator.AddFault(new SimulatorFault(SimulatorFaultKind.LoseCallbacks)); // the provider's own callback is lost: the storm brings the news
        string body;
        string path = host.CallbackPath;
        switch (provider)
        {
            case ProviderUnderTest.Daraja:
                host.Time.Advance(host.Daraja.PayerDelay);
                await host.Daraja.WhenCallbacksSentAsync();
                body = Genuine.DarajaCallback(paid.Attempts[^1].ProviderReference!, receipt: host.Daraja.Charges.Single().Receipt!);
                path = host.DarajaCallbackPathAndQuery(0);
                break;
            case ProviderUnderTest.Airtel:
                var id = host.Airtel.Transactions.Single().Id;
                Assert.True(await host.Airtel.CompleteAsync(id));
                await host.Airtel.WhenCallbacksSentAsync();
                body = Genuine.AirtelCallback(id, airtelMoneyId: host.Airtel.Transactions.Single().AirtelMoneyId);
                break;
            default:
                var order = host.Pesapal.Transactions.Single();
                Assert.True(await host.Pesapal.CompleteAsync(order.MerchantReference));
                await host.Pesapal.WhenCallbacksSentAsync();
                body = Genuine.PesapalIpn(order.OrderTrackingId, order.MerchantReference);
                break;
        }

        Assert.NotEqual(PaymentStatus.Succeeded, (await host.Gateway.GetAsync("storm"))!.Status);
        var queries = host.StatusQueries;
        var changes = host.Events.StatusChanges("storm").Count;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => host.PostAsync(body, path)));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.InRange(host.StatusQueries - queries, 1, 2);
        Assert.Equal(PaymentStatus.Succeeded, (await host.Gateway.GetAsync("storm"))!.Status);
        var change = Assert.Single(host.Events.StatusChanges("storm").Skip(changes));
        Assert.Equal(PaymentStatus.Succeeded, change.Payment.Status);
    }

    [Theory]
    [InlineData(ProviderUnderTest.Daraja)]
    [InlineData(ProviderUnderTest.Airtel)]
    [InlineData(ProviderUnderTest.Pesapal)]
    public async Task Callback_FloodOfMadeUpTransactions_SpendsNoStatusQuery(string provider)
    {
        await using var host = await CallbackHost.StartAsync(provider);
        var paid = await host.Gateway.PayAsync(host.Payment("flood"));
        var before = CallbackHost.Fingerprint(await host.Gateway.GetAsync("flood"));
        var queries = host.StatusQueries;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var made = string.Create(CultureInfo.InvariantCulture, $"made-up-{i:D4}");
            return provider switch
            {
                ProviderUnderTest.Daraja => host.PostAsync(Genuine.DarajaCallback("ws_CO_" + made), host.CallbackPath),
                ProviderUnderTest.Airtel => host.PostAsync(Genuine.AirtelCallback(paid.Attempts[0].Reference[..^8] + made[^8..].Replace('-', 'x'))),
                _ => host.PostAsync(Genuine.PesapalIpn(made, paid.Attempts[0].Reference)),
            };
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(queries, host.StatusQueries); // no quota spent on transactions the gateway never made
        Assert.Equal(before, CallbackHost.Fingerprint(await host.Gateway.GetAsync("flood")));
    }
}
