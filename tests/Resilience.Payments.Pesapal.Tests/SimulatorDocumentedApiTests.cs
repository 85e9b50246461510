using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Pesapal;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>
/// PesapalSimulator spoken to as Pesapal's API 3.0 documentation shows (plain HTTP, no adapter): GetIpnList, the hosted checkout
/// page behind <c>redirect_url</c>, and the requests the real API accepts.
/// </summary>
public sealed partial class SimulatorDocumentedApiTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PesapalSimulator _sim;
    private readonly WireMockServer _receiver = WireMockServer.Start();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public SimulatorDocumentedApiTests()
    {
        _sim = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 7, timeProvider: _time);
        _receiver.Given(Request.Create().WithPath("/ipn")).RespondWith(Response.Create().WithStatusCode(200));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _receiver.Stop();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task GetIpnList_TwoRegistrations_ListsBothOldestFirstWithTheDocumentedFields()
    {
        var token = await TokenAsync();
        var first = await RegisterIpnAsync(token, "POST");
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await RegisterIpnAsync(token, "GET", "https://merchant.example/ipn-get");

        using var response = await SendAsync(HttpMethod.Get, "api/URLSetup/GetIpnList", token);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal([first, second], list.Select(i => (string)i!["ipn_id"]!));
        Assert.Equal(_receiver.Url + "/ipn", (string)list[0]!["url"]!);
        Assert.Equal("POST", (string)list[0]!["ipn_notification_type_description"]!);
        Assert.Equal(1, (int)list[0]!["notification_type"]!);
        Assert.Equal("GET", (string)list[1]!["ipn_notification_type_description"]!);
        Assert.Equal(0, (int)list[1]!["notification_type"]!);
        Assert.Equal(Start.AddMinutes(1), DateTimeOffset.Parse((string)list[1]!["created_date"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(list, i => Assert.Equal(("200", 1, "Active"), ((string)i!["status"]!, (int)i["ipn_status"]!, (string)i["ipn_status_description"]!)));
    }

    [Fact]
    public async Task GetIpnList_AfterARestoreFromTheJournal_ListsTheRegisteredIpnsAndTheirOrdersKeepTheirCallbackUrl()
    {
        var journal = new List<JsonObject>();
        _sim.TransactionJournal = journal.Add;
        _sim.AutoPay = false;
        var (_, trackingId, _) = await SubmitAsync(callbackUrl: "https://merchant.example/return");
        await using var restarted = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 8, timeProvider: _time) { AutoPay = false };
        restarted.ImportTransactions(journal);

        var token = await TokenAsync(restarted);
        using var response = await SendAsync(HttpMethod.Get, "api/URLSetup/GetIpnList", token, simulator: restarted);
        var ipn = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray())!;
        using var back = await PostFormAsync(
            new Uri(restarted.BaseAddress, "iframe/PesapalIframe3/Index?OrderTrackingId=" + trackingId),
            await GetPageAsync(new Uri(restarted.BaseAddress, "iframe/PesapalIframe3/Index?OrderTrackingId=" + trackingId)),
            "pay");

        Assert.Equal((_receiver.Url + "/ipn", Start), ((string)ipn["url"]!, DateTimeOffset.Parse((string)ipn["created_date"]!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.StartsWith("https://merchant.example/return?OrderTrackingId=" + trackingId, back.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIpnList_NoToken_IsUnauthorized()
    {
        using var response = await SendAsync(HttpMethod.Get, "api/URLSetup/GetIpnList", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CheckoutPage_Pay_CompletesSendsTheIpnAndRedirectsToTheCallbackUrlAsPesapalDoes()
    {
        _sim.AutoPay = false;
        var (token, trackingId, redirectUrl) = await SubmitAsync(callbackUrl: "https://merchant.example/return?cart=9");

        var page = await GetPageAsync(redirectUrl);
        Assert.Contains("<button type=\"submit\" name=\"action\" value=\"pay\">Pay</button>", page, StringComparison.Ordinal);
        using var back = await PostFormAsync(redirectUrl, page, "pay");

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.Equal(
            new Uri($"https://merchant.example/return?cart=9&OrderTrackingId={trackingId}&OrderMerchantReference=park-001-1&OrderNotificationType=CALLBACKURL"),
            back.Headers.Location);
        await _sim.WhenCallbacksSentAsync();
        var ipn = JsonNode.Parse(_receiver.LogEntries.Single().RequestMessage!.Body!)!;
        Assert.Equal(("IPNCHANGE", trackingId), ((string)ipn["OrderNotificationType"]!, (string)ipn["OrderTrackingId"]!));
        var status = await StatusAsync(token, trackingId);
        Assert.Equal((1, "Completed"), ((int)status["status_code"]!, (string)status["payment_status_description"]!));
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task CheckoutPage_Cancel_FailsTheOrderAndRedirectsToTheCancellationUrl()
    {
        _sim.AutoPay = false;
        var (token, trackingId, redirectUrl) = await SubmitAsync(cancellationUrl: "https://merchant.example/cancelled");

        using var back = await PostFormAsync(redirectUrl, await GetPageAsync(redirectUrl), "cancel");

        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.StartsWith("https://merchant.example/cancelled?OrderTrackingId=" + trackingId, back.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(2, (int)(await StatusAsync(token, trackingId))["status_code"]!);
        Assert.Empty(_sim.Charges);
        await _sim.WhenCallbacksSentAsync();
        Assert.Single(_receiver.LogEntries);
    }

    [Fact]
    public async Task CheckoutPage_CancelSentAgainAfterPaying_GoesToTheCallbackUrlAndTheOrderStaysCompleted()
    {
        _sim.AutoPay = false;
        var (token, trackingId, redirectUrl) = await SubmitAsync(cancellationUrl: "https://merchant.example/cancelled");
        var page = await GetPageAsync(redirectUrl);
        using var paid = await PostFormAsync(redirectUrl, page, "pay");

        using var cancelAfter = await PostFormAsync(redirectUrl, page, "cancel"); // the page as the browser kept it (Back)

        Assert.StartsWith("https://merchant.example/return?OrderTrackingId=" + trackingId, cancelAfter.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(1, (int)(await StatusAsync(token, trackingId))["status_code"]!);
        Assert.Single(_sim.Charges);
    }

    [Fact]
    public async Task CheckoutPage_Shown_EscapesTheOrderAndShowsNoPhoneNumber()
    {
        var (_, _, redirectUrl) = await SubmitAsync(description: "<script>alert('x')</script> & more");

        var page = await GetPageAsync(redirectUrl);

        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more", page, StringComparison.Ordinal);
        Assert.DoesNotContain("0712345678", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "_top")]
    [InlineData("", "_top")]
    [InlineData("TOP_WINDOW", "_top")]
    [InlineData("PARENT_WINDOW", "_parent")]
    [InlineData("parent_window", "_parent")]
    public async Task CheckoutPage_RedirectMode_TheWayBackLoadsInTheTopWindowOrTheIframesParent(string? redirectMode, string target)
    {
        var page = await GetPageAsync(await SubmitWithRedirectModeAsync(_sim, redirectMode));

        Assert.Contains($"<base target=\"{target}\">", page, StringComparison.Ordinal); // the form and the link load there, JavaScript or not
    }

    [Fact]
    public async Task CheckoutPage_AfterARestoreFromTheJournal_KeepsTheRedirectMode()
    {
        var journal = new List<JsonObject>();
        _sim.TransactionJournal = journal.Add;
        var redirectUrl = await SubmitWithRedirectModeAsync(_sim, "PARENT_WINDOW");
        await using var restarted = new PesapalSimulator(ConsumerKey, ConsumerSecret, seed: 8, timeProvider: _time) { AutoPay = false };
        restarted.ImportTransactions(journal);

        var page = await GetPageAsync(new Uri(restarted.BaseAddress, redirectUrl.PathAndQuery.TrimStart('/')));

        Assert.Contains("<base target=\"_parent\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckoutPage_Shown_FitsAPhoneAndAsksForNoFavicon()
    {
        var (_, _, redirectUrl) = await SubmitAsync();

        var page = await GetPageAsync(redirectUrl);

        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", page, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"icon\" href=\"data:,\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckoutPage_Opened_TheSimulatedPayerLeavesTheOrderToTheBrowser()
    {
        var (token, trackingId, redirectUrl) = await SubmitAsync();
        await GetPageAsync(redirectUrl);

        _time.Advance(_sim.PayerDelay);
        await _sim.WhenCallbacksSentAsync();

        Assert.Equal(0, (int)(await StatusAsync(token, trackingId))["status_code"]!);
        Assert.Empty(_sim.Charges);
    }

    [Fact]
    public async Task CheckoutPage_UnknownOrder_IsNotFound()
    {
        using var response = await _http.GetAsync(new Uri(_sim.BaseAddress, "iframe/PesapalIframe3/Index?OrderTrackingId=nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SubmitOrder_OptionalFieldsFreeReferenceAnyCaseRouteAndSandboxPrefix_Accepted()
    {
        var token = await TokenAsync();
        var ipn = await RegisterIpnAsync(token, "POST");
        // A documented body with the optional parts (branch, billing address lines, redirect_mode), a reference with spaces
        // and a slash (Pesapal documents only "max 50"), the notification id in upper case, a lower-case route and the
        // sandbox base URL's /pesapalv3 path in front.
        var body = new JsonObject
        {
            ["id"] = "INV 2026/07 #42",
            ["currency"] = "KES",
            ["amount"] = 100.00m,
            ["description"] = "Parking",
            ["callback_url"] = "https://merchant.example/return",
            ["redirect_mode"] = "TOP_WINDOW",
            ["notification_id"] = ipn.ToUpperInvariant(),
            ["branch"] = "Nairobi CBD",
            ["billing_address"] = new JsonObject { ["email_address"] = "wanjiru@example.com", ["country_code"] = "KE", ["first_name"] = "Wanjiru", ["line_1"] = string.Empty, ["postal_code"] = null },
        };
        using var response = await SendAsync(HttpMethod.Post, "pesapalv3/api/transactions/submitorderrequest", token, body);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(("200", "INV 2026/07 #42"), ((string)answer["status"]!, (string)answer["merchant_reference"]!));
        Assert.Equal(ipn, _sim.Transactions.Single().NotificationId);
    }

    [Theory]
    [InlineData("id", "123456789012345678901234567890123456789012345678901", "invalid_merchant_reference")]
    [InlineData("notification_id", "not-registered", "invalid_notification_id")]
    [InlineData("callback_url", null, "invalid_request")]
    [InlineData("billing_address", null, "invalid_billing_address")]
    public async Task SubmitOrder_WhatPesapalRefuses_StaysRefused(string field, string? value, string code)
    {
        var token = await TokenAsync();
        var body = OrderBody(await RegisterIpnAsync(token, "POST"));
        body[field] = value;

        using var response = await SendAsync(HttpMethod.Post, "api/Transactions/SubmitOrderRequest", token, body);

        Assert.Equal(code, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!);
        Assert.Empty(_sim.Transactions);
    }

    private static JsonObject OrderBody(string ipn, string callbackUrl = "https://merchant.example/return", string? cancellationUrl = null, string description = "Parking") => new()
    {
        ["id"] = "park-001-1",
        ["currency"] = "KES",
        ["amount"] = 200.50m,
        ["description"] = description,
        ["callback_url"] = callbackUrl,
        ["cancellation_url"] = cancellationUrl,
        ["notification_id"] = ipn,
        ["billing_address"] = new JsonObject { ["phone_number"] = "0712345678", ["email_address"] = "wanjiru@example.com" },
    };

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\">")]
    private static partial Regex FormAction();

    private async Task<string> TokenAsync(PesapalSimulator? simulator = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/Auth/RequestToken", null, new JsonObject { ["consumer_key"] = ConsumerKey, ["consumer_secret"] = ConsumerSecret }, simulator);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;
    }

    private async Task<string> RegisterIpnAsync(string token, string method, string? url = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/URLSetup/RegisterIPN", token, new JsonObject { ["url"] = url ?? _receiver.Url + "/ipn", ["ipn_notification_type"] = method });
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ipn_id"]!;
    }

    private async Task<(string Token, string TrackingId, Uri RedirectUrl)> SubmitAsync(string callbackUrl = "https://merchant.example/return", string? cancellationUrl = null, string description = "Parking")
    {
        var token = await TokenAsync();
        var body = OrderBody(await RegisterIpnAsync(token, "POST"), callbackUrl, cancellationUrl, description);
        using var response = await SendAsync(HttpMethod.Post, "api/Transactions/SubmitOrderRequest", token, body);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (token, (string)answer["order_tracking_id"]!, new Uri((string)answer["redirect_url"]!));
    }

    private async Task<Uri> SubmitWithRedirectModeAsync(PesapalSimulator simulator, string? redirectMode)
    {
        var token = await TokenAsync(simulator);
        using var registered = await SendAsync(HttpMethod.Post, "api/URLSetup/RegisterIPN", token, new JsonObject { ["url"] = _receiver.Url + "/ipn", ["ipn_notification_type"] = "POST" }, simulator);
        var body = OrderBody((string)JsonNode.Parse(await registered.Content.ReadAsStringAsync())!["ipn_id"]!);
        body["redirect_mode"] = redirectMode;
        using var response = await SendAsync(HttpMethod.Post, "api/Transactions/SubmitOrderRequest", token, body, simulator);
        return new Uri((string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["redirect_url"]!);
    }

    private async Task<JsonNode> StatusAsync(string token, string trackingId)
    {
        using var response = await SendAsync(HttpMethod.Get, "api/Transactions/GetTransactionStatus?orderTrackingId=" + trackingId, token);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<string> GetPageAsync(Uri redirectUrl)
    {
        using var response = await _http.GetAsync(redirectUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Submits the page's form as a browser does: its action resolved against the page's URL, its fields url-encoded.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(Uri pageUrl, string page, string button)
    {
        var action = new Uri(pageUrl, WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value));
        var trackingId = Regex.Match(page, "name=\"OrderTrackingId\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("OrderTrackingId", WebUtility.HtmlDecode(trackingId)), new("action", button)]);
        return await _http.PostAsync(action, form);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonObject? body = null, PesapalSimulator? simulator = null)
    {
        using var request = new HttpRequestMessage(method, new Uri((simulator ?? _sim).BaseAddress, path));
        request.Headers.Accept.ParseAdd("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        return await _http.SendAsync(request);
    }
}
