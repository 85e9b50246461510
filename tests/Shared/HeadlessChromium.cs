using Microsoft.Playwright;

namespace Resilience.Payments.TestSupport;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>) driven by Playwright, launched with the flags this machine's closed network
/// needs: the one launch every browser test fixture shares. Without the browser the tests skip, except on CI (<c>CI=true</c>),
/// where they fail.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package installs the browser (Playwright's own download cannot reach the network here).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    // No background connections, no component updates, and running as root.
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>Gets whether Chromium is installed.</summary>
    public static bool Available => System.IO.File.Exists(ChromiumPath);

    /// <summary>Gets the browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>Launches the browser, or returns null when it is not installed (the tests then call <see cref="RequireBrowser"/>).</summary>
    /// <returns>The browser, or null.</returns>
    public static async Task<HeadlessChromium?> LaunchAsync()
    {
        if (!Available)
        {
            return null;
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = Flags,
                Timeout = 60_000,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
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

    /// <summary>A folder under <c>artifacts/</c> at the repository's root, created, for screenshots.</summary>
    /// <param name="name">The folder's name, for example <c>console-screenshots</c>.</param>
    /// <returns>Its full path.</returns>
    public static string ArtifactDirectory(string name)
    {
        var directory = System.IO.Path.Combine(RepositoryRoot(), "artifacts", name);
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>A fresh context (its own cookies), with the generous timeout a loaded two-core machine needs.</summary>
    /// <param name="options">The context's options.</param>
    /// <returns>The context.</returns>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(45_000); // the machine runs every test project at once on two cores; a real hang still fails the test
        return context;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new System.IO.DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "Resilience.sln")))
            {
                return directory.FullName;
            }
        }

        return System.IO.Directory.GetCurrentDirectory();
    }
}
