using System.Net;
using System.Net.Http;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Payments.AspNetCore;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Console.Tests;

/// <summary>The console's HTML over HTTP (no browser): authorization, mapping rules, antiforgery, headers, encoding, masking.</summary>
public sealed class ConsoleHtmlTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task Request_Unauthenticated_Returns401()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        using var client = host.Client(user: null);

        using var overview = await client.GetAsync("payments-console/");
        using var payment = await client.GetAsync("payments-console/payment?key=x");
        using var action = await client.PostAsync("payments-console/action", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "x" }));

        Assert.Equal(HttpStatusCode.Unauthorized, overview.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, payment.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, action.StatusCode);
    }

    [Fact]
    public async Task Get_UserWithoutTheRole_Returns403()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        using var client = host.Client(user: "guest-bob");

        using var response = await client.GetAsync("payments-console/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_Operator_SendsSecurityHeadersAndNoncedScript()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        using var client = host.Client();

        using var response = await client.GetAsync("payments-console/");
        var document = await ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var script = Assert.Single(document.QuerySelectorAll("script"));
        Assert.Contains($"'nonce-{script.GetAttribute("nonce")}'", csp, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("meta[name=viewport]"));
    }

    [Fact]
    public void MapPaymentsConsole_WithoutPolicy_Throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => MapOnly("Production", _ => { }));

        Assert.Contains("authorization policy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapPaymentsConsole_AllowAnonymousOutsideDevelopment_Throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => MapOnly("Staging", o => o.AllowAnonymous = true));

        Assert.Contains("only in the Development environment", e.Message, StringComparison.Ordinal);
        Assert.Contains("Staging", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapPaymentsConsole_InvalidOption_NamesTheProperty()
    {
        var e = Assert.Throws<OptionsValidationException>(() => MapOnly("Production", o =>
        {
            o.AuthorizationPolicy = ConsoleTestHost.Policy;
            o.RefreshInterval = TimeSpan.Zero;
        }));

        Assert.Contains("RefreshInterval", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AllowAnonymousInDevelopment_ServesWithoutUser()
    {
        await using var host = await ConsoleTestHost.StartAsync(o => o.AllowAnonymous = true, environment: "Development");
        using var client = host.Client(user: null);

        using var response = await client.GetAsync("payments-console/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_Returns400AndChangesNothing()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        await host.QueuedAsync("q-1");
        using var client = host.Client();

        using var response = await client.PostAsync("payments-console/action", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = "q-1",
            ["action"] = "cancel",
            ["confirmed"] = "yes",
            ["reason"] = "forged",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var payment = (await host.Gateway.GetAsync("q-1"))!;
        Assert.Equal(PaymentStatus.Queued, payment.Status);
        Assert.Empty(payment.OperatorNotes);
    }

    [Fact]
    public async Task Post_ConfirmedForm_CancelsAndRecordsTheUser()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        await host.QueuedAsync("q-2");
        using var client = host.Client();

        var form = await ConfirmFormAsync(client, "q-2", "cancel");
        form["reason"] = "motorist paid cash";
        using var response = await client.PostAsync("payments-console/action", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/payments-console/payment?key=q-2&done=cancel", response.Headers.Location!.OriginalString);
        var payment = (await host.Gateway.GetAsync("q-2"))!;
        Assert.Equal(PaymentStatus.Cancelled, payment.Status);
        var note = Assert.Single(payment.OperatorNotes);
        Assert.Equal(("alice", OperatorActionKind.Cancel), (note.Actor, note.Action));
    }

    [Fact]
    public async Task Post_ActionTheStateRefuses_Returns409AndChangesNothing()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        await host.Gateway.PayAsync(ConsoleTestHost.Request("paid"));
        using var client = host.Client();

        var form = await ConfirmFormAsync(client, "paid", "requeue");
        using var response = await client.PostAsync("payments-console/action", new FormUrlEncodedContent(form));
        var document = await ParseAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.StartsWith("Nothing changed", document.QuerySelector("#error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await host.Gateway.GetAsync("paid"))!.OperatorNotes);
    }

    [Theory]
    [InlineData("-5", "amount")]
    [InlineData("abc", "amount")]
    [InlineData("900", "more than")]
    public async Task Post_RefundWithBadAmount_Returns409NamingTheProblemAndStoresNothing(string amount, string expected)
    {
        await using var host = await ConsoleTestHost.StartAsync();
        await host.Gateway.PayAsync(ConsoleTestHost.Request("paid"));
        using var client = host.Client();

        var form = await ConfirmFormAsync(client, "paid", "refund");
        form["amount"] = amount;
        form["reason"] = "test";
        using var response = await client.PostAsync("payments-console/action", new FormUrlEncodedContent(form));
        var document = await ParseAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(expected, document.QuerySelector("#error")!.TextContent, StringComparison.OrdinalIgnoreCase);
        var payment = (await host.Gateway.GetAsync("paid"))!;
        Assert.Empty(payment.Refunds);
        Assert.Empty(payment.OperatorNotes);
    }

    [Fact]
    public async Task Pages_HostileProviderText_IsEncoded()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        const string Hostile = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        host.Mpesa.Enqueue(FakeBehavior.Decline("1032", Hostile));
        await host.Gateway.PayAsync(ConsoleTestHost.Request("hostile"));
        using var client = host.Client();

        using var response = await client.GetAsync("payments-console/payment?key=hostile");
        var html = await response.Content.ReadAsStringAsync();
        var document = Parser.ParseDocument(html);

        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Empty(document.QuerySelectorAll("img"));
        Assert.Contains(document.QuerySelectorAll("#attempts td"), td => td.TextContent.Contains("<script>document.title", StringComparison.Ordinal));
        Assert.DoesNotContain("<script>document", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_PhoneNumbers_AreMasked()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        host.Mpesa.Enqueue(FakeBehavior.Decline("1", "payer 0712345678 cancelled"));
        await host.Gateway.PayAsync(ConsoleTestHost.Request("phone", phone: "254712345678"));
        using var client = host.Client();

        var detail = await (await client.GetAsync("payments-console/payment?key=phone")).Content.ReadAsStringAsync();
        var search = await (await client.GetAsync("payments-console/search?q=" + Uri.EscapeDataString("2547****5678"))).Content.ReadAsStringAsync();

        Assert.DoesNotContain("12345678", detail, StringComparison.Ordinal);
        Assert.Contains("2547****5678", detail, StringComparison.Ordinal);
        Assert.Contains("phone", Parser.ParseDocument(search).QuerySelector("#results")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_Fragment_ShowsQueueDepth()
    {
        await using var host = await ConsoleTestHost.StartAsync();
        await host.QueuedAsync("q-live");
        using var client = host.Client();

        using var response = await client.GetAsync("payments-console/live");
        var fragment = Parser.ParseDocument("<body>" + await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", fragment.QuerySelector("#queue-depth")!.TextContent);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Overview_UndeliveredEvent_IsListedEncodedAndMasked()
    {
        await using var host = await ConsoleTestHost.StartAsync(gateway: o => o.Events.MaxAttempts = 1, observer: new FailingObserver());
        await host.Gateway.PayAsync(ConsoleTestHost.Request("evt-1"));
        await host.Dispatcher().RunOnceAsync();
        using var client = host.Client();

        var html = await (await client.GetAsync("payments-console/")).Content.ReadAsStringAsync();
        var document = Parser.ParseDocument(html);

        var rows = document.QuerySelectorAll("#undelivered tbody tr");
        Assert.NotEmpty(rows); // each of the payment's status events, given up after one failed delivery
        Assert.Equal(rows.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), document.QuerySelector("#undelivered-count")!.TextContent);
        Assert.All(rows, row =>
        {
            Assert.Contains("evt-1", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("parking-tickets", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("<b>ticket service down</b>", row.TextContent, StringComparison.Ordinal);
            Assert.Null(row.QuerySelector("b"));
        });
        Assert.DoesNotContain("0712345678", html, StringComparison.Ordinal);
    }

    private sealed class FailingObserver : IPaymentEventObserver
    {
        public string Name => "parking-tickets";

        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("<b>ticket service down</b> call 0712345678");
    }

    private static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>Opens the confirmation page and returns its form's fields (the antiforgery token among them).</summary>
    private static async Task<Dictionary<string, string>> ConfirmFormAsync(HttpClient client, string key, string action)
    {
        using var page = await client.GetAsync($"payments-console/confirm?key={Uri.EscapeDataString(key)}&action={action}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = await ParseAsync(page);
        var form = document.QuerySelector("form.confirm")!;
        Assert.Equal("post", form.GetAttribute("method"));
        return form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? string.Empty);
    }

    private static void MapOnly(string environment, Action<PaymentsConsoleOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Services.AddPaymentGateway(_ => { }).AddProvider(new FakePaymentProvider("mpesa"));
        builder.Services.AddAntiforgery();
        builder.Services.AddAuthorization();
        using var app = builder.Build();
        app.MapPaymentsConsole(ConsoleTestHost.ConsolePath, configure);
    }
}
