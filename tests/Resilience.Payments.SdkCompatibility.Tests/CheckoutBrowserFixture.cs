using Microsoft.Playwright;

namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>
/// One headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright) for a test class, as the console's browser tests
/// launch it. Without the browser the tests skip, except on CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class CheckoutBrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // The flags this machine's closed network needs (no background connections, no component updates), and running as root.
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static bool Available => File.Exists(ChromiumPath);

    /// <summary>Where the screenshots go: <c>artifacts/checkout-screenshots/</c> at the repository's root.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "checkout-screenshots");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("No browser.");

    public async ValueTask InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Flags,
            Timeout = 60_000,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>Skips the test (fails it on CI) when Chromium is not installed.</summary>
    public static void RequireBrowser()
    {
        if (Available)
        {
            return;
        }

        const string Reason = $"Chromium is not installed at {ChromiumPath}: apt-get install -y chromium (the Debian package; .ci/run installs it).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true but " + Reason);
        }

        Assert.Skip(Reason);
    }

    /// <summary>A fresh context (its own cookies) and page: a desktop by default, a phone when asked, without JavaScript when asked.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> OpenAsync(bool phone = false, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(45_000); // generous: the machine runs every test project at once on two cores; a real hang still fails the test
        return (context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Resilience.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
