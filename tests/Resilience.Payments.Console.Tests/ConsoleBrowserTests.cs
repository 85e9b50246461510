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

    [Fact]
    public async Task Actions_EveryAction_IsConfirmedAppliedAndAudited()
    {
        BrowserFixture.RequireBrowser();
        Host.Mpesa.Enqueue(FakeBehavior.AcceptAndCharge());
        await Host.Gateway.PayAsync(ConsoleTestHost.Request("act-reconcile"));
        Host.Mpesa.Enqueue(FakeBehavior.Accept());
        await Host.Gateway.PayAsync(ConsoleTestHost.Request("act-review"));
        await Host.Gateway.PayAsync(ConsoleTestHost.Request("act-refund"));
        await Host.DeadLetterAsync("act-requeue");
        await Host.QueuedAsync("act-cancel");
        Host.Time.Advance(Host.Options.Reconciliation.AttentionAfter); // the pending payments now need attention
        var (context, page) = await fixture.SignInAsync("alice", Desktop);
        await using var _ = context;
        var errors = CollectErrors(page);

        await ActAsync(page, "act-requeue", "requeue", null);
        await ActAsync(page, "act-cancel", "cancel", "motorist paid cash");
        await ActAsync(page, "act-reconcile", "reconcile", null);
        await ActAsync(page, "act-review", "review", "customer called; STK prompt never arrived", fromOverview: true);
        await ActAsync(page, "act-refund", "refund", "double parking ticket", amount: "100");

        Assert.Equal(PaymentStatus.Queued, (await Host.Gateway.GetAsync("act-requeue"))!.Status);
        Assert.Equal(PaymentStatus.Cancelled, (await Host.Gateway.GetAsync("act-cancel"))!.Status);
        var refund = Assert.Single((await Host.Gateway.GetAsync("act-refund"))!.Refunds);
        Assert.Equal(Money.Kes(100), refund.Amount);
        await Host.Reconciler().RunOnceAsync(); // the reconciler asks the provider now, as the action asked
        await page.GotoAsync(PaymentUrl("act-reconcile"));
        Assert.Equal("Succeeded", await page.TextContentAsync("#status"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("desktop-payment.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Overview_LiveRefresh_UpdatesTheQueueDepthWithoutReload()
    {
        BrowserFixture.RequireBrowser();
        await Host.QueuedAsync("live-1");
        var (context, page) = await fixture.SignInAsync("alice", Desktop);
        await using var _ = context;
        var errors = CollectErrors(page);
        var before = await page.TextContentAsync("#queue-depth");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        await Host.QueuedAsync("live-2");
        await page.WaitForFunctionAsync("before => document.getElementById('queue-depth').textContent !== before", before);

        Assert.Equal(int.Parse(before!, System.Globalization.CultureInfo.InvariantCulture) + 1,
            int.Parse((await page.TextContentAsync("#queue-depth"))!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Contains("live-2", await page.TextContentAsync("#queue"), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Pages_DesktopAndPhone_RenderWithoutHorizontalScroll()
    {
        BrowserFixture.RequireBrowser();
        Host.Mpesa.Enqueue(FakeBehavior.Decline("1032", "Request cancelled by user <script>alert(1)</script>"));
        await Host.Gateway.PayAsync(ConsoleTestHost.Request("shot-declined", account: "KCA 777Z"));
        Host.Mpesa.Enqueue(FakeBehavior.NotProcessed());
        Host.Airtel.Enqueue(FakeBehavior.Succeed());
        await Host.Gateway.PayAsync(ConsoleTestHost.Request("shot-failover", account: "KDA 456Q"));
        await Host.QueuedAsync("shot-queued");

        foreach (var (name, viewport, mobile) in new[] { ("desktop", Desktop, false), ("phone", Phone, true) })
        {
            var (context, page) = await fixture.SignInAsync("alice", viewport, mobile);
            await using var _ = context;
            var errors = CollectErrors(page);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"{name}-overview.png"), FullPage = true });
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), name + " overview scrolls sideways");
            await page.GotoAsync(PaymentUrl("shot-declined"));
            Assert.Contains("<script>alert(1)</script>", await page.TextContentAsync("#attempts"), StringComparison.Ordinal);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"{name}-payment-declined.png"), FullPage = true });
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), name + " payment page scrolls sideways");
            Assert.Empty(errors);
        }
    }

    /// <summary>Opens the payment, clicks the action, fills its form, confirms, and checks the result and the audit entry.</summary>
    private async Task ActAsync(IPage page, string key, string action, string? reason, bool fromOverview = false, string? amount = null)
    {
        if (fromOverview)
        {
            await page.GotoAsync(Host.ConsoleUri.ToString());
            await page.ClickAsync($"#attention a:text-is('{key}')");
        }
        else
        {
            await page.GotoAsync(PaymentUrl(key));
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
        var notes = (await Host.Gateway.GetAsync(key))!.OperatorNotes;
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

    private string PaymentUrl(string key) => Host.ConsoleUri + "/payment?key=" + Uri.EscapeDataString(key);

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
