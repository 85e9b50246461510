using Microsoft.Playwright;

namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>
/// One headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright) for a test class, as the console's browser tests
/// launch it (<see cref="HeadlessChromium"/>). Without the browser the tests skip, except on CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class CheckoutBrowserFixture : IAsyncLifetime
{
    private HeadlessChromium? _chromium;

    /// <summary>Where the screenshots go: <c>artifacts/checkout-screenshots/</c> at the repository's root.</summary>
    public static string ScreenshotDirectory { get; } = HeadlessChromium.ArtifactDirectory("checkout-screenshots");

    public IBrowser Browser => _chromium?.Browser ?? throw new InvalidOperationException("No browser.");

    public async ValueTask InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    /// <summary>Skips the test (fails it on CI) when Chromium is not installed.</summary>
    public static void RequireBrowser() => HeadlessChromium.RequireBrowser();

    /// <summary>A fresh context (its own cookies) and page: a desktop by default, a phone when asked, without JavaScript when asked.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> OpenAsync(bool phone = false, bool javaScript = true)
    {
        var context = await (_chromium ?? throw new InvalidOperationException("No browser.")).NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            JavaScriptEnabled = javaScript,
        });
        return (context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }
}
