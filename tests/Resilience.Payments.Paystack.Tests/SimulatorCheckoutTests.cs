using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Paystack;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>The simulator's own checkout page (the initialize's <c>authorization_url</c>): Pay and Cancel, then back to the merchant.</summary>
public sealed partial class SimulatorCheckoutTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PaystackSimulator _sim;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    public SimulatorCheckoutTests() => _sim = new PaystackSimulator(SecretKey, seed: 9, timeProvider: _time);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Initialize_AuthorizationUrl_IsTheSimulatorsOwnCheckoutPage()
    {
        var data = await InitializeAsync("""{"email":"payer@example.com","amount":20000}""");
        Assert.Equal(new Uri(_sim.BaseAddress, "checkout/" + (string)data["access_code"]!), new Uri((string)data["authorization_url"]!));
        Assert.Matches("^[a-z0-9]{15}$", (string)data["access_code"]!);
    }

    [Fact]
    public async Task Page_ShowsTheAmountEscaped_WithPayAndCancelForms_AndNeedsNoKey()
    {
        var data = await InitializeAsync("""{"email":"payer@<script>alert(1)</script>.example","amount":20050,"reference":"page-1"}""");

        using var page = await _http.GetAsync(new Uri((string)data["authorization_url"]!));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("KES 200.50", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Equal(["pay", "cancel"], FormAction().Matches(html).Select(m => m.Groups[1].Value.Split('/')[^1]));
    }

    [Fact]
    public async Task Page_ShowsTheEmailMasked_FitsAPhone_AndAsksForNoFavicon()
    {
        var data = await InitializeAsync("""{"email":"wanjiru.kamau@example.com","amount":20000}""");

        using var page = await _http.GetAsync(new Uri((string)data["authorization_url"]!));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("<span id=\"customer\">w•••@example.com</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wanjiru", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"icon\" href=\"data:,\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p@example.com", "p•••@example.com")]
    [InlineData("a@b", "a•••@b")]
    [InlineData("payer@x@example.com", "p•••@example.com")]
    [InlineData("no-at-sign", "•••")]
    public async Task Page_AnyEmail_ShowsOnlyItsFirstCharacterAndDomain(string email, string shown)
    {
        var data = await InitializeAsync(new JsonObject { ["email"] = email, ["amount"] = 20000 }.ToJsonString());

        using var page = await _http.GetAsync(new Uri((string)data["authorization_url"]!));

        Assert.Contains("<span id=\"customer\">" + shown + "</span>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pay_CompletesWithAWebhook_AndSendsThePayerBackWithTrxrefAndReference()
    {
        var data = await InitializeAsync("""{"email":"payer@example.com","amount":20000,"reference":"pay-1","callback_url":"https://county.example/paid?permit=7"}""");

        using var answer = await PressAsync(data, "pay");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(new Uri("https://county.example/paid?permit=7&trxref=pay-1&reference=pay-1"), answer.Headers.Location);
        Assert.Equal("success", Assert.Single(_sim.Transactions).Status);
        Assert.Equal(200m, Assert.Single(_sim.Charges).Amount);
        await _sim.WhenCallbacksSentAsync();
        var webhook = Assert.Single(_sim.Callbacks);
        Assert.Equal("charge.success", webhook.Event);
        var authorization = JsonNode.Parse(webhook.Body)!["data"]!["authorization"]!;
        Assert.Matches("^AUTH_[a-z0-9]{10}$", (string)authorization["authorization_code"]!);
        Assert.Contains("127.0.0.1", (string?)JsonNode.Parse(webhook.Body)!["data"]!["ip_address"], StringComparison.Ordinal); // the payer's address (IPv4, or IPv4-mapped IPv6)
    }

    [Fact]
    public async Task Pay_WithTheWebhookLate_SendsThePayerBackAtOnceAndTheWebhookFollows()
    {
        using var merchant = WireMock.Server.WireMockServer.Start();
        merchant.Given(WireMock.RequestBuilders.Request.Create().WithPath("/webhook")).RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200));
        _sim.CallbackUrl = new Uri(merchant.Url + "/webhook");
        _sim.DelayCallbacks(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)); // on the fake clock: never, until the test advances it
        var data = await InitializeAsync("""{"email":"payer@example.com","amount":20000,"reference":"late-1","callback_url":"https://county.example/paid"}""");

        using var answer = await PressAsync(data, "pay").WaitAsync(TimeSpan.FromSeconds(30)); // the browser does not wait for the webhook

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(("success", 200m), (Assert.Single(_sim.Transactions).Status, Assert.Single(_sim.Charges).Amount));
        Assert.Empty(merchant.LogEntries);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _sim.WhenCallbacksSentAsync();
        Assert.Single(merchant.LogEntries);
    }

    [Fact]
    public async Task Pay_ThroughTheAdapter_TheCheckoutIsThenSucceeded()
    {
        var adapter = Provider(_sim.BaseAddress);
        var started = await adapter.InitiateAsync(Charge(PaymentInstrument.Checkout("payer@example.com")), CancellationToken.None);
        Assert.Equal(OutcomeKind.ActionRequired, started.Kind);

        using var answer = await _http.PostAsync(new Uri(started.Action!.RedirectUrl + "/pay"), null);

        Assert.Equal(new Uri("https://county.example/paid?trxref=park-001-1&reference=park-001-1"), answer.Headers.Location);
        Assert.Equal(OutcomeKind.Succeeded, (await adapter.QueryStatusAsync(Status(), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Pay_UnderADecline_FailsWithTheCode_AndMovesNoMoney()
    {
        _sim.Decline("Declined");
        var data = await InitializeAsync("""{"email":"payer@example.com","amount":20000,"reference":"pay-2"}""");

        using var answer = await PressAsync(data, "pay");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode); // no callback_url: a page says what happened
        Assert.Contains("<h1>Payment declined</h1>", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("failed", "Declined"), (Assert.Single(_sim.Transactions).Status, _sim.Transactions[0].GatewayResponse));
        Assert.Empty(_sim.Charges);
    }

    [Fact]
    public async Task Cancel_StaysAbandoned_WithoutWebhook_AndGoesToTheCancelAction()
    {
        var data = await InitializeAsync("""{"email":"payer@example.com","amount":20000,"reference":"cancel-1","callback_url":"https://county.example/paid","metadata":{"cancel_action":"https://county.example/cancelled"}}""");

        using var answer = await PressAsync(data, "cancel");

        Assert.Equal(new Uri("https://county.example/cancelled?trxref=cancel-1&reference=cancel-1"), answer.Headers.Location);
        Assert.Equal("abandoned", Assert.Single(_sim.Transactions).Status);
        await _sim.WhenCallbacksSentAsync();
        Assert.Empty(_sim.Callbacks);
        Assert.True(await _sim.CompleteAsync("cancel-1"), "a cancelled checkout can still be paid: Paystack's sessions never expire");
    }

    [Fact]
    public async Task PayAndCancel_SentAgainAfterPaying_ChargeOnceAndLeadToTheCallbackUrl()
    {
        var data = await InitializeAsync("""{"email":"payer@example.com","amount":20000,"reference":"again-1","callback_url":"https://county.example/paid","metadata":{"cancel_action":"https://county.example/cancelled"}}""");
        using var paid = await PressAsync(data, "pay");
        _sim.Decline("Declined"); // a second Pay must not turn the paid transaction into a declined one

        using var payAgain = await PressAsync(data, "pay");
        using var cancelAfter = await PressAsync(data, "cancel");

        Assert.Equal(new Uri("https://county.example/paid?trxref=again-1&reference=again-1"), payAgain.Headers.Location);
        Assert.Equal(new Uri("https://county.example/paid?trxref=again-1&reference=again-1"), cancelAfter.Headers.Location);
        Assert.Equal(("success", 200m), (Assert.Single(_sim.Transactions).Status, Assert.Single(_sim.Charges).Amount));
    }

    [Fact]
    public async Task Page_IsServedDuringApiFaults_AndUnknownCodesAre404()
    {
        var data = await InitializeAsync("""{"email":"payer@example.com","amount":20000}""");
        _sim.Fail503();

        using var page = await _http.GetAsync(new Uri((string)data["authorization_url"]!));
        using var unknown = await _http.GetAsync(new Uri(_sim.BaseAddress, "checkout/nope"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AbandonCheckout_OnlyAnUnpaidCheckout()
    {
        await InitializeAsync("""{"email":"payer@example.com","amount":20000,"reference":"ab-1"}""");

        Assert.True(_sim.AbandonCheckout("ab-1"));
        Assert.True(await _sim.CompleteAsync("ab-1"));
        Assert.False(_sim.AbandonCheckout("ab-1"));
        Assert.False(_sim.AbandonCheckout("never-1"));
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    private async Task<HttpResponseMessage> PressAsync(JsonNode data, string button) =>
        await _http.PostAsync(new Uri((string)data["authorization_url"]! + "/" + button), null);

    private async Task<JsonNode> InitializeAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_sim.BaseAddress, "transaction/initialize"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SecretKey);
        using var response = await _http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!;
    }
}
