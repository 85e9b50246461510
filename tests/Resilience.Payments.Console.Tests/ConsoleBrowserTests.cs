using System.IO;
using Microsoft.Playwright;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Console.Tests;

/// <summary>
/// The console in a real headless Chromium: an operator signs in, clicks through every action (open, confirm, see the result and
/// the audit entry), watches the live refresh, and the pages are photographed at desktop and phone sizes.
/// </summary>
public sealed class ConsoleBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private ConsoleTestHost Host => fixture.Host;

    [Fact(Timeout = 180_000)] // a browser that hangs fails the test instead of the run
    public async Task Actions_EveryAction_IsConfirmedAppliedAndAudited()
    {
        BrowserFixture.RequireBrowser();
        var cancel = TestContext.Current.CancellationToken;
        // Its own host: the class's tests run in a random order, and payments another test left queued on the shared host would
        // take the provider answers scripted here for the dead letter (its queue worker runs every due payment).
        await using var host = await ConsoleTestHost.StartAsync(o =>
        {
            o.AuthorizationPolicy = ConsoleTestHost.Policy;
            o.RefreshInterval = TimeSpan.FromMilliseconds(500);
        });
        host.Mpesa.Enqueue(FakeBehavior.AcceptAndCharge());
        await host.Gateway.PayAsync(ConsoleTestHost.Request("act-reconcile"), cancel);
        host.Mpesa.Enqueue(FakeBehavior.Accept());
        await host.Gateway.PayAsync(ConsoleTestHost.Request("act-review"));
        await host.Gateway.PayAsync(ConsoleTestHost.Request("act-refund"));
        await host.DeadLetterAsync("act-requeue");
        await host.QueuedAsync("act-cancel");
        host.Time.Advance(host.Options.Reconciliation.AttentionAfter); // the pending payments now need attention
        var (context, page) = await fixture.SignInAsync("alice", Desktop, host: host);
        await using var _ = context;
        var errors = CollectErrors(page);

        await ActAsync(host, page, "act-requeue", "requeue", null);
        await ActAsync(host, page, "act-cancel", "cancel", "motorist paid cash");
        await ActAsync(host, page, "act-reconcile", "reconcile", null);
        await ActAsync(host, page, "act-review", "review", "customer called; STK prompt never arrived", fromOverview: true);
        await ActAsync(host, page, "act-refund", "refund", "double parking ticket", amount: "100");

        Assert.Equal(PaymentStatus.Queued, (await host.Gateway.GetAsync("act-requeue"))!.Status);
        Assert.Equal(PaymentStatus.Cancelled, (await host.Gateway.GetAsync("act-cancel"))!.Status);
        var refund = Assert.Single((await host.Gateway.GetAsync("act-refund"))!.Refunds);
        Assert.Equal(Money.Kes(100), refund.Amount);
        await host.Reconciler().RunOnceAsync(cancel); // the reconciler asks the provider now, as the action asked
        await page.GotoAsync(PaymentUrl("act-reconcile", host));
        Assert.Equal("Succeeded", await page.TextContentAsync("#status"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-payment.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact(Timeout = 180_000)]
    public async Task Overview_LiveRefresh_UpdatesTheQueueDepthWithoutReload()
    {
        BrowserFixture.RequireBrowser();
        await Host.QueuedAsync("live-1");
        var waitAtMost = new PageWaitForFunctionOptions { Timeout = 45_000 };
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        var (context, page) = await fixture.SignInAsync("alice", Desktop);
        await using var _ = context;
        var errors = CollectErrors(page);
        var before = await page.TextContentAsync("#queue-depth");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        await Host.QueuedAsync("live-2");
        await page.WaitForFunctionAsync("before => document.getElementById('queue-depth').textContent !== before", before, waitAtMost);

        Assert.Equal(int.Parse(before!, System.Globalization.CultureInfo.InvariantCulture) + 1,
            int.Parse((await page.TextContentAsync("#queue-depth"))!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Contains("live-2", await page.TextContentAsync("#queue"), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact(Timeout = 180_000)]
    public async Task Pages_DuringAnOutage_RenderOnDesktopAndPhoneWithoutHorizontalScroll()
    {
        BrowserFixture.RequireBrowser();
        await using var outage = await OutageAsync(TestContext.Current.CancellationToken);

        foreach (var (name, viewport, mobile) in new[] { ("desktop", Desktop, false), ("phone", Phone, true) })
        {
            var (context, page) = await fixture.SignInAsync("wanjiku", viewport, mobile, outage);
            await using var _ = context;
            var errors = CollectErrors(page);
            Assert.Equal("Open", await page.TextContentAsync("#providers tr:has-text('mpesa') .Open"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"{name}-overview.png"), FullPage = true });
            await AssertNoSidewaysScrollAsync(page, name + " overview");
            await page.GotoAsync(outage.ConsoleUri + "/payment?key=PKG-1001");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"{name}-payment-failover.png"), FullPage = true });
            await AssertNoSidewaysScrollAsync(page, name + " payment page");
            await page.GotoAsync(outage.ConsoleUri + "/payment?key=PKG-0993");
            Assert.Contains("<script>alert(1)</script>", await page.TextContentAsync("#attempts"), StringComparison.Ordinal);
            Assert.Empty(errors);
        }
    }

    /// <summary>
    /// A county's morning outage: M-Pesa's circuit open after three failovers to Airtel, a payment pending for over an hour, a dead
    /// letter, a refund open, payments queued, a declined one with a hostile provider message.
    /// </summary>
    private static async Task<ConsoleTestHost> OutageAsync(CancellationToken cancel)
    {
        var host = await ConsoleTestHost.StartAsync(
            o => o.AuthorizationPolicy = ConsoleTestHost.Policy,
            gateway: o =>
            {
                o.DefaultProvider.MinimumThroughput = 3;
                o.DefaultProvider.BreakDuration = TimeSpan.FromMinutes(15);
            });
        host.Mpesa.Enqueue(FakeBehavior.Accept());
        await host.Gateway.PayAsync(ConsoleTestHost.Request("PKG-0990", "254712000111", "KBZ 101A", 300), cancel);
        await host.DeadLetterAsync("PKG-0991");
        await host.Gateway.PayAsync(ConsoleTestHost.Request("PKG-0992", "254713000222", "KCB 202B", 200), cancel);
        await host.Operations.RefundAsync("PKG-0992", Money.Kes(200), "charged twice at the gate", "wanjiku", cancellationToken: cancel);
        host.Mpesa.Enqueue(FakeBehavior.Decline("1032", "Request cancelled by user <script>alert(1)</script>"));
        await host.Gateway.PayAsync(ConsoleTestHost.Request("PKG-0993", "254714000333", "KDD 303C", 100), cancel);
        host.Time.Advance(TimeSpan.FromMinutes(55));
        for (var i = 1; i <= 3; i++)
        {
            host.Mpesa.Enqueue(FakeBehavior.NotProcessed("503 Service Unavailable"));
            host.Airtel.Enqueue(FakeBehavior.Succeed());
            await host.Gateway.PayAsync(ConsoleTestHost.Request($"PKG-100{i}", "254715000444", $"KDE 40{i}D", 150 + (50 * i)), cancel);
        }

        for (var i = 4; i <= 5; i++)
        {
            host.Airtel.Enqueue(FakeBehavior.NotProcessed("503 Service Unavailable"));
            await host.Gateway.PayAsync(ConsoleTestHost.Request($"PKG-100{i}", "254716000555", $"KDF 50{i}E", 400), cancel);
        }

        return host;
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string what) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), what + " scrolls sideways");

    /// <summary>Opens the payment, clicks the action, fills its form, confirms, and checks the result and the audit entry.</summary>
    private static async Task ActAsync(ConsoleTestHost host, IPage page, string key, string action, string? reason, bool fromOverview = false, string? amount = null)
    {
        if (fromOverview)
        {
            await page.GotoAsync(host.ConsoleUri.ToString());
            await page.ClickAsync($"#attention a:text-is('{key}')");
        }
        else
        {
            await page.GotoAsync(PaymentUrl(key, host));
        }

        await page.ClickAsync("#action-" + action);
        Assert.Contains("/confirm", page.Url, StringComparison.Ordinal);
        if (reason is not null)
        {
            await page.FillAsync("#reason", reason);
        }

        if (amount is not null)
        {
            await page.FillAsync("#amount", amount);
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"desktop-confirm-{action}.png") });
        await page.ClickAsync("#confirm");
        await page.WaitForURLAsync("**done=" + action);

        Assert.NotNull(await page.QuerySelectorAsync("#done"));
        var audit = await page.TextContentAsync("#audit");
        Assert.Contains("alice", audit, StringComparison.Ordinal);
        Assert.Contains(Kind(action), audit, StringComparison.Ordinal);
        var notes = (await host.Gateway.GetAsync(key))!.OperatorNotes;
        Assert.Equal(("alice", Kind(action)), (notes[^1].Actor, notes[^1].Action.ToString()));
    }

    private static string Kind(string action) => action switch
    {
        "requeue" => nameof(OperatorActionKind.Requeue),
        "cancel" => nameof(OperatorActionKind.Cancel),
        "reconcile" => nameof(OperatorActionKind.Reconcile),
        "review" => nameof(OperatorActionKind.Review),
        _ => nameof(OperatorActionKind.Refund),
    };

    private static string PaymentUrl(string key, ConsoleTestHost host) => host.ConsoleUri + "/payment?key=" + Uri.EscapeDataString(key);

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    /// <summary>Collects the page's errors: script errors and Content-Security-Policy refusals.</summary>
    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }
}
