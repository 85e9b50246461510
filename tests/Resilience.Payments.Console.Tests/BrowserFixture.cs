using System.IO;
using Microsoft.Playwright;

namespace Resilience.Payments.Console.Tests;

/// <summary>
/// One headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright) and one console host for a test class. Without
/// the browser the tests skip, except on CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
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
    private ConsoleTestHost? _host;

    public static bool Available => File.Exists(ChromiumPath);

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("No browser.");

    internal ConsoleTestHost Host => _host ?? throw new InvalidOperationException("No host.");

    /// <summary>Where the screenshots go: <c>artifacts/console-screenshots/</c> at the repository's root.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "console-screenshots");

    public async ValueTask InitializeAsync()
    {
        _host = await ConsoleTestHost.StartAsync(o =>
        {
            o.AuthorizationPolicy = ConsoleTestHost.Policy;
            o.RefreshInterval = TimeSpan.FromMilliseconds(500);
        });
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

    /// <summary>A fresh browser context (its own cookies) signed in as <paramref name="user"/>, on the console's overview (of <paramref name="host"/>, else the class's host).</summary>
    internal async Task<(IBrowserContext Context, IPage Page)> SignInAsync(string user, ViewportSize viewport, bool mobile = false, ConsoleTestHost? host = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport, IsMobile = mobile, HasTouch = mobile });
        context.SetDefaultTimeout(45_000); // generous: the machine runs every test project at once on two cores; a real hang still fails the test
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri((host ?? Host).BaseAddress, "test-login?user=" + Uri.EscapeDataString(user)).ToString());
        return (context, page);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
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
