using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Paystack;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>The simulator's API as Paystack's own clients use it (issue 15): no stricter than Paystack, with its documented fields.</summary>
public sealed class SimulatorApiTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PaystackSimulator _sim;
    private readonly HttpClient _http = new();

    public SimulatorApiTests() => _sim = new PaystackSimulator(SecretKey, seed: 5, timeProvider: _time);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Initialize_OnlyEmailAndAmount_DefaultsToKesAndGeneratesAReference()
    {
        var (status, body) = await PostAsync("transaction/initialize", """{"email":"payer@example.com","amount":20000}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var reference = (string)body["data"]!["reference"]!;
        Assert.Matches("^[a-z0-9]{10}$", reference);
        var transaction = Assert.Single(_sim.Transactions);
        Assert.Equal((reference, "KES", 20000L), (transaction.Reference, transaction.Currency, transaction.AmountMinor));
    }

    [Fact]
    public async Task Initialize_DefaultCurrency_IsTheIntegrationsOne()
    {
        _sim.DefaultCurrency = "USD";
        await PostAsync("transaction/initialize", """{"email":"payer@example.com","amount":20000}""");
        Assert.Equal("USD", Assert.Single(_sim.Transactions).Currency);
    }

    [Theory]
    [InlineData("kes")]
    [InlineData("KE")]
    [InlineData("KESH")]
    [InlineData("")]
    public void DefaultCurrency_NotThreeCapitalLetters_IsRefusedNamingTheFieldAndKept(string currency)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _sim.DefaultCurrency = currency);

        Assert.Contains("DefaultCurrency", error.Message, StringComparison.Ordinal);
        Assert.Equal("KES", _sim.DefaultCurrency);
    }

    [Theory]
    [InlineData("20000")]
    [InlineData("\"20000\"")]
    [InlineData("20000.0")]
    [InlineData("\" 20000 \"")]
    public async Task Initialize_AmountAsNumberOrNumericString_IsAccepted(string amount)
    {
        var (status, _) = await PostAsync("transaction/initialize", $$$"""{"email":"payer@example.com","amount":{{{amount}}},"channels":["card"],"bearer":"account","whatever":{"x":1}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(20000L, Assert.Single(_sim.Transactions).AmountMinor);
    }

    [Theory]
    [InlineData("""{"email":"payer@example.com","amount":"200.5"}""")]
    [InlineData("""{"email":"payer@example.com","amount":0}""")]
    [InlineData("""{"email":"payer@example.com","amount":"twenty"}""")]
    [InlineData("""{"email":"payer@example.com"}""")]
    [InlineData("""{"amount":20000}""")]
    [InlineData("""{"email":"payer@example.com","amount":20000,"currency":"shillings"}""")]
    public async Task Initialize_WhatPaystackRefuses_IsRefused400(string json)
    {
        var (status, body) = await PostAsync("transaction/initialize", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False((bool)body["status"]!);
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task Charge_MobileMoneyWithOnlyEmailAndAmount_IsPayOfflineUnderAGeneratedReference()
    {
        var (status, body) = await PostAsync("charge", """{"email":"payer@example.com","amount":"15000","mobile_money":{"phone":"+254710000000","provider":"mpesa"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pay_offline", (string)body["data"]!["status"]!);
        Assert.Matches("^[a-z0-9]{15}$", (string)body["data"]!["reference"]!);
        Assert.Equal("KES", Assert.Single(_sim.Transactions).Currency);
    }

    [Fact]
    public async Task ChargeAuthorization_SavedCard_IsChargedWithItsDocumentedFieldsAndASignedWebhook()
    {
        var (status, body) = await PostAsync("transaction/charge_authorization", """{"authorization_code":"AUTH_pmx3mgawyd","email":"payer@example.com","amount":35000,"metadata":{"plate":"KCA 123X"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Charge attempted", (string)body["message"]!);
        var data = body["data"]!;
        Assert.Equal(("success", 35000L, "KES", "card", "test"), ((string)data["status"]!, (long)data["amount"]!, (string)data["currency"]!, (string)data["channel"]!, (string)data["domain"]!));
        Assert.Equal("AUTH_pmx3mgawyd", (string)data["authorization"]!["authorization_code"]!);
        Assert.True((bool)data["authorization"]!["reusable"]!);
        Assert.Equal(1015L, (long)data["fees"]!); // 2.9% of KES 350
        Assert.Equal("KCA 123X", (string)data["metadata"]!["plate"]!);
        Assert.Equal(350m, Assert.Single(_sim.Charges).Amount);

        await _sim.WhenCallbacksSentAsync();
        var webhook = Assert.Single(_sim.Callbacks);
        Assert.Equal("charge.success", webhook.Event);
        Assert.True(PaystackWebhook.VerifySignature(Encoding.UTF8.GetBytes(webhook.Body), webhook.Headers["x-paystack-signature"], SecretKey));
    }

    [Theory]
    [InlineData("""{"email":"payer@example.com","amount":35000}""", "Authorization code is required")]
    [InlineData("""{"authorization_code":"card-1","email":"payer@example.com","amount":35000}""", "Invalid authorization code")]
    public async Task ChargeAuthorization_WithoutAValidCode_IsRefused400(string json, string message)
    {
        var (status, body) = await PostAsync("transaction/charge_authorization", json);
        Assert.Equal((HttpStatusCode.BadRequest, message), (status, (string)body["message"]!));
        Assert.Empty(_sim.Transactions);
    }

    [Fact]
    public async Task ChargeAuthorization_Declined_AnswersFailedWithTheGatewayResponse_AndMovesNoMoney()
    {
        _sim.Decline("Insufficient Funds");
        var (_, body) = await PostAsync("transaction/charge_authorization", """{"authorization_code":"AUTH_x1","email":"payer@example.com","amount":35000,"reference":"renew-1"}""");

        Assert.Equal(("failed", "Insufficient Funds"), ((string)body["data"]!["status"]!, (string)body["data"]!["gateway_response"]!));
        Assert.Empty(_sim.Charges);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("transaction/charge_authorization", """{"authorization_code":"AUTH_x1","email":"payer@example.com","amount":35000,"reference":"renew-1"}""")).Status);
    }

    [Fact]
    public async Task CheckCharge_FollowsAnMpesaChargeFromPayOfflineToSuccess()
    {
        await PostAsync("charge", """{"email":"payer@example.com","amount":20000,"reference":"mm-1","mobile_money":{"phone":"+254710000000","provider":"mpesa"}}""");
        var (status, pending) = await GetAsync("charge/mm-1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("Reference check successful", "pay_offline"), ((string)pending["message"]!, (string)pending["data"]!["status"]!));

        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();
        var data = (await GetAsync("charge/mm-1")).Body["data"]!;
        Assert.Equal("success", (string)data["status"]!);
        Assert.Equal(300L, (long)data["fees"]!); // 1.5% M-PESA
        Assert.Equal(("mobile_money", "M-PESA", "254710000000"), ((string)data["authorization"]!["channel"]!, (string)data["authorization"]!["brand"]!, (string)data["authorization"]!["mobile_money_number"]!));
        Assert.True((bool)data["log"]!["success"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("charge/never-1")).Status);
    }

    [Fact]
    public async Task Verify_CarriesTheDocumentedFields()
    {
        _sim.ChargedAmountMinor = 19000;
        await PostAsync("charge", """{"email":"payer@example.com","amount":20000,"reference":"v-1","authorization_code":"AUTH_v1"}""");

        var data = (await GetAsync("transaction/verify/v-1")).Body["data"]!.AsObject();
        foreach (var field in new[] { "id", "domain", "status", "reference", "amount", "gateway_response", "paid_at", "created_at", "channel", "currency", "ip_address", "metadata", "log", "fees", "authorization", "customer", "paidAt", "createdAt", "requested_amount", "transaction_date", "plan" })
        {
            Assert.True(data.ContainsKey(field), field);
        }

        Assert.Equal((19000L, 20000L), ((long)data["amount"]!, (long)data["requested_amount"]!));
        Assert.Equal(data["paid_at"]!.ToJsonString(), data["paidAt"]!.ToJsonString());
        var customer = data["customer"]!;
        Assert.Equal("payer@example.com", (string)customer["email"]!);
        Assert.Matches("^CUS_[a-z0-9]{15}$", (string)customer["customer_code"]!);
        foreach (var field in new[] { "authorization_code", "bin", "last4", "exp_month", "exp_year", "channel", "card_type", "bank", "country_code", "brand", "reusable", "signature" })
        {
            Assert.True(data["authorization"]!.AsObject().ContainsKey(field), field);
        }
    }

    [Fact]
    public async Task Customer_IsOnePerEmail()
    {
        await PostAsync("charge", """{"email":"payer@example.com","amount":100,"authorization_code":"AUTH_c1"}""");
        await PostAsync("charge", """{"email":"PAYER@example.com","amount":100,"authorization_code":"AUTH_c1"}""");
        await PostAsync("charge", """{"email":"other@example.com","amount":100,"authorization_code":"AUTH_c2"}""");

        var codes = new List<string>();
        foreach (var t in _sim.Transactions)
        {
            codes.Add((string)(await GetAsync("transaction/verify/" + t.Reference)).Body["data"]!["customer"]!["customer_code"]!);
        }

        Assert.Equal(codes[0], codes[1]);
        Assert.NotEqual(codes[0], codes[2]);
    }

    [Fact]
    public async Task FetchTransaction_ByIdFindsIt_ANonNumericIdIs400()
    {
        await PostAsync("charge", """{"email":"payer@example.com","amount":100,"reference":"f-1","authorization_code":"AUTH_f1"}""");
        var id = Assert.Single(_sim.Transactions).Id;

        Assert.Equal("f-1", (string)(await GetAsync($"transaction/{id}")).Body["data"]!["reference"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("transaction/f-1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("transaction/1")).Status);
    }

    [Fact]
    public async Task Webhook_IsSerializedAsJsonStringifyWould()
    {
        await PostAsync("charge", """{"email":"payer@example.com","amount":100,"authorization_code":"AUTH_w1","metadata":{"note":"Tom & Jerry <tj> +254 é"}}""");
        await _sim.WhenCallbacksSentAsync();

        Assert.Contains("\"note\":\"Tom & Jerry <tj> +254 é\"", Assert.Single(_sim.Callbacks).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_RestoresTheNewFields()
    {
        var journal = new List<JsonObject>();
        _sim.TransactionJournal = journal.Add;
        await PostAsync("charge", """{"email":"payer@example.com","amount":20000,"reference":"j-1","authorization_code":"AUTH_j1","metadata":{"k":"v"}}""");
        var before = (await GetAsync("transaction/verify/j-1")).Body["data"]!.ToJsonString();

        await using var restored = new PaystackSimulator(SecretKey, seed: 5, timeProvider: _time);
        restored.ImportTransactions(journal);
        using var response = await _http.SendAsync(Request(HttpMethod.Get, new Uri(restored.BaseAddress, "transaction/verify/j-1")));

        Assert.Equal(before, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Initialize_AsAnHtmlForm_LikePaystacksPhpExamples_IsAccepted()
    {
        using var request = Request(HttpMethod.Post, new Uri(_sim.BaseAddress, "transaction/initialize"));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "payer@example.com", ["amount"] = "20000", ["metadata[plate]"] = "KCA 123X", ["channels[]"] = "card" });
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reference = Assert.Single(_sim.Transactions).Reference;
        Assert.Equal("KCA 123X", (string)(await GetAsync("transaction/verify/" + reference)).Body["data"]!["metadata"]!["plate"]!);
    }

    [Fact]
    public async Task Charge_MobileMoneyAsAnHtmlForm_IsAccepted()
    {
        using var request = Request(HttpMethod.Post, new Uri(_sim.BaseAddress, "charge"));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "payer@example.com", ["amount"] = "100", ["mobile_money[phone]"] = "+254710000000", ["mobile_money[provider]"] = "mpesa" });
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mobile_money", Assert.Single(_sim.Transactions).Channel);
    }

    [Theory]
    [InlineData("bearer ", true)]
    [InlineData("BEARER ", true)]
    [InlineData("Bearer  ", true)]
    [InlineData("Basic ", false)]
    public async Task Authorization_TheSchemesCaseIsIgnored_TheKeyIsNot(string scheme, bool accepted)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.BaseAddress, "transaction/verify/none-1"));
        request.Headers.TryAddWithoutValidation("Authorization", scheme + SecretKey);
        using var response = await _http.SendAsync(request);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.BaseAddress, "transaction/verify/none-1"));
        wrong.Headers.TryAddWithoutValidation("Authorization", scheme + SecretKey.ToUpperInvariant());
        using var refused = await _http.SendAsync(wrong);

        Assert.Equal(accepted ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("5025")]
    [InlineData("\"5025\"")]
    [InlineData("5025.0")]
    public async Task Refund_AmountAsNumberOrNumericString_IsAccepted_AndListedByReference(string amount)
    {
        await PostAsync("charge", """{"email":"payer@example.com","amount":20000,"reference":"rf-1","authorization_code":"AUTH_r1"}""");

        var (status, _) = await PostAsync("refund", $$$"""{"transaction":"rf-1","amount":{{{amount}}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5025L, Assert.Single(_sim.RefundRecords).AmountMinor);
        Assert.Single((await GetAsync("refund?transaction=rf-1")).Body["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("refund", """{"transaction":"rf-1","amount":"50.25"}""")).Status);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string path, string json)
    {
        using var request = Request(HttpMethod.Post, new Uri(_sim.BaseAddress, path));
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var request = Request(HttpMethod.Get, new Uri(_sim.BaseAddress, path));
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SecretKey);
        return request;
    }
}
