using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Resilience.Payments.Testing.Simulators.Paystack;
using Resilience.Payments.Testing.Simulators.Pesapal;

namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>
/// The simulators' own checkout pages in a real headless Chromium: the Paystack initialize's <c>authorization_url</c> and the
/// Pesapal order's <c>redirect_url</c>, opened as a payer's browser opens them. What the payer sees (the amount, the merchant's
/// reference, hostile text escaped, no e-mail address, phone or card number), Pay and Cancel clicked, the browser followed back to
/// the merchant's <c>callback_url</c> (a local site), and the provider's books, status API and webhook/IPN checked; without
/// JavaScript, on a phone, and (Pesapal) inside the merchant's iframe. The simulators run in process, on a fake clock.
/// </summary>
public sealed partial class CheckoutPageBrowserTests(CheckoutBrowserFixture fixture) : IClassFixture<CheckoutBrowserFixture>, IAsyncDisposable
{
    private const string PaystackKey = "sk_test_browser";
    private const string PesapalKey = "browser_key";
    private const string PesapalSecret = "browser_secret";
    private const string Hostile = "<img src=x onerror=\"window.pwned=1\"> & \"more\"";

    private static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    private readonly FakeTimeProvider _time = new(Start);
    private readonly MerchantSite _site = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(45) };
    private PaystackSimulator? _paystack;
    private PesapalSimulator? _pesapal;

    private PaystackSimulator Paystack => _paystack ??= new PaystackSimulator(PaystackKey, seed: 11, timeProvider: _time) { CallbackUrl = new Uri(_site.Url + "/webhook") };

    private PesapalSimulator Pesapal => _pesapal ??= new PesapalSimulator(PesapalKey, PesapalSecret, seed: 12, timeProvider: _time);

    [Fact(Timeout = 150_000)]
    public async Task PaystackCheckout_Pay_LandsOnTheCallbackUrlChargedOnceVerifiedAndWebhooked()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var data = await InitializeAsync(new JsonObject
        {
            ["email"] = "payer@" + Hostile,
            ["amount"] = 250075,
            ["reference"] = "permit-2026-0042",
            ["callback_url"] = _site.Url + "/return?permit=42",
        }, cancel);
        var (context, page) = await fixture.OpenAsync();
        await using var _ = context;
        var errors = CollectErrors(page);

        await page.GotoAsync((string)data["authorization_url"]!);
        Assert.Equal("KES 2,500.75", await page.InnerTextAsync("#amount"));
        Assert.Equal("permit-2026-0042", await page.InnerTextAsync("#reference"));
        Assert.Equal("p•••@" + Hostile, await page.InnerTextAsync("#customer")); // the e-mail masked, the hostile text shown as text
        await AssertNothingPrivateAsync(page, "payer@");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-paystack.png"), FullPage = true });
        Paystack.DelayCallbacks(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)); // the webhook a minute late (fake clock): the browser must not wait for it
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay KES 2,500.75" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(_site.Url + "/return", StringComparison.Ordinal));

        Assert.Equal(_site.Url + "/return?permit=42&trxref=permit-2026-0042&reference=permit-2026-0042", page.Url);
        Assert.Equal("Back at the merchant", await page.InnerTextAsync("#merchant"));
        var charge = Assert.Single(Paystack.Charges);
        Assert.Equal(("permit-2026-0042", 2500.75m, "KES"), (charge.MerchantReference, charge.Amount, charge.Currency));
        var verified = await VerifyAsync("permit-2026-0042", cancel);
        Assert.Equal(("success", 250075L, "KES"), ((string)verified["status"]!, (long)verified["amount"]!, (string)verified["currency"]!));
        Assert.Empty(_site.Received("POST", "/webhook"));
        _time.Advance(TimeSpan.FromMinutes(1));
        await Paystack.WhenCallbacksSentAsync();
        var (body, headers) = Assert.Single(_site.Received("POST", "/webhook"));
        var webhook = JsonNode.Parse(body)!;
        Assert.Equal(("charge.success", "permit-2026-0042", 250075L), ((string)webhook["event"]!, (string)webhook["data"]!["reference"]!, (long)webhook["data"]!["amount"]!));
        Assert.Equal(PaystackSimulator.Sign(body, PaystackKey), Header(headers, "x-paystack-signature"));
        Assert.Empty(errors);
    }

    [Fact(Timeout = 150_000)]
    public async Task PaystackCheckout_Cancel_LandsOnTheCancelActionAndChargesNothing()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var data = await InitializeAsync(new JsonObject
        {
            ["email"] = "payer@example.com",
            ["amount"] = 50000,
            ["reference"] = "permit-2026-0043",
            ["callback_url"] = _site.Url + "/return",
            ["metadata"] = new JsonObject { ["cancel_action"] = _site.Url + "/cancelled?cart=7" },
        }, cancel);
        var (context, page) = await fixture.OpenAsync();
        await using var _ = context;
        var errors = CollectErrors(page);

        await page.GotoAsync((string)data["authorization_url"]!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel payment" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(_site.Url + "/cancelled", StringComparison.Ordinal));

        Assert.Equal(_site.Url + "/cancelled?cart=7&trxref=permit-2026-0043&reference=permit-2026-0043", page.Url);
        Assert.Empty(Paystack.Charges);
        Assert.Equal("abandoned", (string)(await VerifyAsync("permit-2026-0043", cancel))["status"]!);
        await Paystack.WhenCallbacksSentAsync();
        Assert.Empty(_site.Received("POST", "/webhook"));
        Assert.Empty(errors);
    }

    [Fact(Timeout = 150_000)]
    public async Task PesapalCheckout_Pay_LandsOnTheCallbackUrlChargedOnceCompletedAndNotified()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var (token, trackingId, redirectUrl) = await SubmitOrderAsync("INV-2026-0042", 1500.50m, Hostile, _site.Url + "/return?cart=9", null, cancel);
        var (context, page) = await fixture.OpenAsync();
        await using var _ = context;
        var errors = CollectErrors(page);

        await page.GotoAsync(redirectUrl);
        Assert.Equal("KES 1500.50", await page.InnerTextAsync("#amount"));
        Assert.Equal("INV-2026-0042", await page.InnerTextAsync("#merchant-reference"));
        Assert.Equal(Hostile, await page.InnerTextAsync("#description"));
        await AssertNothingPrivateAsync(page, "wanjiru@");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-pesapal.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(_site.Url + "/return", StringComparison.Ordinal));

        Assert.Equal(_site.Url + $"/return?cart=9&OrderTrackingId={trackingId}&OrderMerchantReference=INV-2026-0042&OrderNotificationType=CALLBACKURL", page.Url);
        var charge = Assert.Single(Pesapal.Charges);
        Assert.Equal(("INV-2026-0042", 1500.50m, "KES"), (charge.MerchantReference, charge.Amount, charge.Currency));
        var status = await TransactionStatusAsync(token, trackingId, cancel);
        Assert.Equal((1, "Completed", 1500.50m), ((int)status["status_code"]!, (string)status["payment_status_description"]!, (decimal)status["amount"]!));
        await Pesapal.WhenCallbacksSentAsync();
        var ipn = JsonNode.Parse(Assert.Single(_site.Received("POST", "/ipn")).Body)!;
        Assert.Equal(("IPNCHANGE", trackingId, "INV-2026-0042"), ((string)ipn["OrderNotificationType"]!, (string)ipn["OrderTrackingId"]!, (string)ipn["OrderMerchantReference"]!));
        await page.GotoAsync(redirectUrl); // the payer opens the checkout again: paid, and a way back
        Assert.Equal("Completed", await page.InnerTextAsync("#status"));
        Assert.Equal(0, await page.GetByRole(AriaRole.Button).CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Return to the merchant" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(_site.Url + "/return?cart=9&OrderTrackingId=" + trackingId, StringComparison.Ordinal));
        Assert.Single(Pesapal.Charges);
        Assert.Empty(errors);
    }

    [Fact(Timeout = 150_000)]
    public async Task PesapalCheckout_Cancel_LandsOnTheCancellationUrlChargesNothingAndFails()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var (token, trackingId, redirectUrl) = await SubmitOrderAsync("INV-2026-0043", 700m, "Parking", _site.Url + "/return", _site.Url + "/cancelled", cancel);
        var (context, page) = await fixture.OpenAsync();
        await using var _ = context;
        var errors = CollectErrors(page);

        await page.GotoAsync(redirectUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(_site.Url + "/cancelled", StringComparison.Ordinal));

        Assert.Equal(_site.Url + $"/cancelled?OrderTrackingId={trackingId}&OrderMerchantReference=INV-2026-0043&OrderNotificationType=CALLBACKURL", page.Url);
        Assert.Empty(Pesapal.Charges);
        var status = await TransactionStatusAsync(token, trackingId, cancel);
        Assert.Equal((2, "Failed"), ((int)status["status_code"]!, (string)status["payment_status_description"]!));
        await Pesapal.WhenCallbacksSentAsync();
        Assert.Single(_site.Received("POST", "/ipn")); // the merchant hears of the failure too
        Assert.Empty(errors);
    }

    [Fact(Timeout = 150_000)]
    public async Task PesapalCheckout_InTheMerchantsIframe_ReturnsInTheTopWindow()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var (_, trackingId, redirectUrl) = await SubmitOrderAsync("INV-2026-0044", 250m, "Parking", _site.Url + "/return", null, cancel);
        var (context, page) = await fixture.OpenAsync();
        await using var _ = context;

        await page.GotoAsync(_site.Shop(new Uri(redirectUrl)).AbsoluteUri);
        await page.FrameLocator("#checkout").GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(_site.Url + "/return", StringComparison.Ordinal)); // redirect_mode left out: TOP_WINDOW

        Assert.Contains("OrderTrackingId=" + trackingId, page.Url, StringComparison.Ordinal);
        Assert.Single(page.Frames);
        Assert.Single(Pesapal.Charges);
    }

    [Fact(Timeout = 150_000)]
    public async Task Checkouts_OpenInThreeTabs_PayAgainAndCancelAfterPayingChangeNothingAndLeadToTheCallbackUrl()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var paystack = await InitializeAsync(new JsonObject
        {
            ["email"] = "payer@example.com",
            ["amount"] = 30000,
            ["reference"] = "tabs-1",
            ["callback_url"] = _site.Url + "/return",
            ["metadata"] = new JsonObject { ["cancel_action"] = _site.Url + "/cancelled" },
        }, cancel);
        var (token, trackingId, redirectUrl) = await SubmitOrderAsync("tabs-2", 300m, "Parking", _site.Url + "/return", _site.Url + "/cancelled", cancel);
        var (context, _) = await fixture.OpenAsync();
        await using var _ = context;

        foreach (var (url, pay, cancelButton) in new[] { ((string)paystack["authorization_url"]!, "Pay KES 300.00", "Cancel payment"), (redirectUrl, "Pay", "Cancel") })
        {
            var tabs = new List<IPage>();
            for (var i = 0; i < 3; i++)
            {
                var tab = await context.NewPageAsync();
                await tab.GotoAsync(url); // every tab shows the buttons: none has paid yet
                tabs.Add(tab);
            }

            foreach (var (tab, button) in tabs.Zip([pay, pay, cancelButton]))
            {
                await tab.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
                await tab.WaitForURLAsync(u => u.StartsWith(_site.Url + "/", StringComparison.Ordinal));
                Assert.StartsWith(_site.Url + "/return?", tab.Url, StringComparison.Ordinal); // paid: never the cancel page
            }
        }

        Assert.Equal(("tabs-1", 300m), (Assert.Single(Paystack.Charges).MerchantReference, Paystack.Charges[0].Amount));
        Assert.Equal(("tabs-2", 300m), (Assert.Single(Pesapal.Charges).MerchantReference, Pesapal.Charges[0].Amount));
        Assert.Equal("success", (string)(await VerifyAsync("tabs-1", cancel))["status"]!);
        Assert.Equal(1, (int)(await TransactionStatusAsync(token, trackingId, cancel))["status_code"]!);
    }

    [Fact(Timeout = 150_000)]
    public async Task Checkouts_PaymentDeclined_LandOnTheCallbackUrlChargeNothingAndNotifyTheFailure()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        Paystack.Decline("Declined");
        Pesapal.Decline("Declined");
        var paystack = await InitializeAsync(new JsonObject { ["email"] = "payer@example.com", ["amount"] = 9900, ["reference"] = "declined-1", ["callback_url"] = _site.Url + "/return" }, cancel);
        var (token, trackingId, redirectUrl) = await SubmitOrderAsync("declined-2", 99m, "Parking", _site.Url + "/return", _site.Url + "/cancelled", cancel);
        var (context, page) = await fixture.OpenAsync();
        await using var _ = context;

        await page.GotoAsync((string)paystack["authorization_url"]!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay KES 99.00" }).ClickAsync();
        await page.WaitForURLAsync(_site.Url + "/return?trxref=declined-1&reference=declined-1");
        await page.GotoAsync(redirectUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(u => u.StartsWith(_site.Url + "/return?OrderTrackingId=" + trackingId, StringComparison.Ordinal)); // declined, not cancelled

        Assert.Empty(Paystack.Charges);
        Assert.Empty(Pesapal.Charges);
        Assert.Equal(("failed", "Declined"), ((string)(await VerifyAsync("declined-1", cancel))["status"]!, (string)(await VerifyAsync("declined-1", cancel))["gateway_response"]!));
        Assert.Equal(2, (int)(await TransactionStatusAsync(token, trackingId, cancel))["status_code"]!);
        await Task.WhenAll(Paystack.WhenCallbacksSentAsync(), Pesapal.WhenCallbacksSentAsync());
        Assert.Equal("charge.failed", (string)JsonNode.Parse(Assert.Single(_site.Received("POST", "/webhook")).Body)!["event"]!);
        Assert.Single(_site.Received("POST", "/ipn"));
    }

    [Fact(Timeout = 150_000)]
    public async Task Checkouts_WithoutJavaScript_PayThroughThePlainForms()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var paystack = await InitializeAsync(new JsonObject { ["email"] = "payer@example.com", ["amount"] = 10000, ["reference"] = "nojs-1", ["callback_url"] = _site.Url + "/return" }, cancel);
        var (_, trackingId, redirectUrl) = await SubmitOrderAsync("nojs-2", 100m, "Parking", _site.Url + "/return", null, cancel);
        var (context, page) = await fixture.OpenAsync(javaScript: false);
        await using var _ = context;

        await page.GotoAsync((string)paystack["authorization_url"]!);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await page.WaitForURLAsync(_site.Url + "/return?trxref=nojs-1&reference=nojs-1");
        await page.GotoAsync(redirectUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(_site.Url + "/return?OrderTrackingId=" + trackingId, StringComparison.Ordinal));

        Assert.Equal(("nojs-1", 100m), (Assert.Single(Paystack.Charges).MerchantReference, Paystack.Charges[0].Amount));
        Assert.Equal(("nojs-2", 100m), (Assert.Single(Pesapal.Charges).MerchantReference, Pesapal.Charges[0].Amount));
    }

    [Fact(Timeout = 150_000)]
    public async Task Checkouts_OnAPhone_ShowBothButtonsFullSizeWithoutSidewaysScroll()
    {
        CheckoutBrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var paystack = await InitializeAsync(new JsonObject { ["email"] = "payer@example.com", ["amount"] = 123456789, ["reference"] = "phone-1-a-rather-long-reference-that-must-wrap-on-a-phone" }, cancel);
        var (_, _, redirectUrl) = await SubmitOrderAsync("phone-2", 1234567.89m, "Parking permit for a whole year, zone A, plate KDA 123X, with a long description", _site.Url + "/return", null, cancel);
        var (context, page) = await fixture.OpenAsync(phone: true);
        await using var _ = context;

        foreach (var (name, url, buttons) in new[]
        {
            ("paystack", (string)paystack["authorization_url"]!, new[] { "Pay KES 1,234,567.89", "Cancel payment" }),
            ("pesapal", redirectUrl, new[] { "Pay", "Cancel" }),
        })
        {
            await page.GotoAsync(url);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"phone-{name}.png"), FullPage = true });
            Assert.Equal(390, await page.EvaluateAsync<int>("() => window.innerWidth")); // laid out for the phone, not zoomed out from 980 pixels
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), name + " scrolls sideways");
            foreach (var button in buttons)
            {
                var box = await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= 390 && box.Y + box.Height <= 844, $"{name}: {button} is off the screen");
                Assert.True(box.Height >= 44, $"{name}: {button} is {box.Height} pixels high, under a touch target's 44");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _site.Dispose();
        if (_paystack is not null)
        {
            await _paystack.DisposeAsync();
        }

        if (_pesapal is not null)
        {
            await _pesapal.DisposeAsync();
        }
    }

    /// <summary>No full e-mail address, phone number or card number anywhere in the page, and no hostile markup run.</summary>
    private static async Task AssertNothingPrivateAsync(IPage page, string emailStart)
    {
        var html = await page.ContentAsync();
        var text = await page.InnerTextAsync("body");
        Assert.DoesNotContain(emailStart, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("712345678", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(LongNumber(), text);
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"), "the hostile markup ran");
    }

    private static string? Header(IDictionary<string, WireMock.Types.WireMockList<string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private async Task<JsonNode> InitializeAsync(JsonObject body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Paystack.BaseAddress, "transaction/initialize")) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", PaystackKey);
        return (await SendAsync(request, cancel))["data"]!;
    }

    private async Task<JsonNode> VerifyAsync(string reference, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Paystack.BaseAddress, "transaction/verify/" + Uri.EscapeDataString(reference)));
        request.Headers.Authorization = new("Bearer", PaystackKey);
        return (await SendAsync(request, cancel))["data"]!;
    }

    /// <summary>Pesapal's documented sequence: a token, an IPN registered at the merchant's <c>/ipn</c>, then SubmitOrderRequest.</summary>
    private async Task<(string Token, string TrackingId, string RedirectUrl)> SubmitOrderAsync(string id, decimal amount, string description, string callbackUrl, string? cancellationUrl, CancellationToken cancel)
    {
        var token = (string)(await PesapalAsync(HttpMethod.Post, "api/Auth/RequestToken", null, new JsonObject { ["consumer_key"] = PesapalKey, ["consumer_secret"] = PesapalSecret }, cancel))["token"]!;
        var ipn = (string)(await PesapalAsync(HttpMethod.Post, "api/URLSetup/RegisterIPN", token, new JsonObject { ["url"] = _site.Url + "/ipn", ["ipn_notification_type"] = "POST" }, cancel))["ipn_id"]!;
        var order = await PesapalAsync(HttpMethod.Post, "api/Transactions/SubmitOrderRequest", token, new JsonObject
        {
            ["id"] = id,
            ["currency"] = "KES",
            ["amount"] = amount,
            ["description"] = description,
            ["callback_url"] = callbackUrl,
            ["cancellation_url"] = cancellationUrl,
            ["notification_id"] = ipn,
            ["billing_address"] = new JsonObject { ["phone_number"] = "0712345678", ["email_address"] = "wanjiru@example.com", ["first_name"] = "Wanjiru" },
        }, cancel);
        return (token, (string)order["order_tracking_id"]!, (string)order["redirect_url"]!);
    }

    private Task<JsonNode> TransactionStatusAsync(string token, string trackingId, CancellationToken cancel) =>
        PesapalAsync(HttpMethod.Get, "api/Transactions/GetTransactionStatus?orderTrackingId=" + Uri.EscapeDataString(trackingId), token, null, cancel);

    private async Task<JsonNode> PesapalAsync(HttpMethod method, string path, string? token, JsonObject? body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, new Uri(Pesapal.BaseAddress, path));
        request.Headers.Accept.ParseAdd("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        return await SendAsync(request, cancel);
    }

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        using var response = await _http.SendAsync(request, cancel);
        var text = await response.Content.ReadAsStringAsync(cancel);
        Assert.True(response.IsSuccessStatusCode, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static string Shot(string name) => Path.Combine(CheckoutBrowserFixture.ScreenshotDirectory, name);

    /// <summary>Collects the page's errors: script errors and failed loads (a favicon the server does not have included).</summary>
    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text + " " + message.Location);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    [GeneratedRegex("^Pay ")]
    private static partial Regex PayButton();

    [GeneratedRegex(@"\d{12,}")]
    private static partial Regex LongNumber();
}
