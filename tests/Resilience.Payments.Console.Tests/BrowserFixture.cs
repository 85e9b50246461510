using Microsoft.Playwright;

namespace Resilience.Payments.Console.Tests;

/// <summary>
/// One headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright) and one console host for a test class. Without
/// the browser the tests skip, except on CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private HeadlessChromium? _chromium;
    private ConsoleTestHost? _host;

    public IBrowser Browser => _chromium?.Browser ?? throw new InvalidOperationException("No browser.");

    internal ConsoleTestHost Host => _host ?? throw new InvalidOperationException("No host.");

    /// <summary>Where the screenshots go: <c>artifacts/console-screenshots/</c> at the repository's root.</summary>
    public static string ScreenshotDirectory { get; } = HeadlessChromium.ArtifactDirectory("console-screenshots");

    public async ValueTask InitializeAsync()
    {
        _host = await ConsoleTestHost.StartAsync(o =>
        {
            o.AuthorizationPolicy = ConsoleTestHost.Policy;
            o.RefreshInterval = TimeSpan.FromMilliseconds(500);
        });
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>Skips the test (fails it on CI) when Chromium is not installed.</summary>
    public static void RequireBrowser() => HeadlessChromium.RequireBrowser();

    /// <summary>A fresh browser context (its own cookies) signed in as <paramref name="user"/>, on the console's overview (of <paramref name="host"/>, else the class's host).</summary>
    internal async Task<(IBrowserContext Context, IPage Page)> SignInAsync(string user, ViewportSize viewport, bool mobile = false, ConsoleTestHost? host = null)
    {
        var context = await (_chromium ?? throw new InvalidOperationException("No browser.")).NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport, IsMobile = mobile, HasTouch = mobile });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri((host ?? Host).BaseAddress, "test-login?user=" + Uri.EscapeDataString(user)).ToString());
        return (context, page);
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
