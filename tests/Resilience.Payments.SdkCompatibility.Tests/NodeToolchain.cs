using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>
/// Node.js, npm and the suite's packages: found on the PATH (<c>.ci/run</c> installs Debian's <c>nodejs</c> and <c>npm</c> when
/// missing), the packages restored once per run with <c>npm ci</c> from the suite's lock file.
/// </summary>
internal static class NodeToolchain
{
    private static readonly Lazy<Task<string?>> Restored = new(RestoreAsync);

    /// <summary>Gets the suite's folder (<c>tests/sdk-compatibility</c>).</summary>
    public static string SuiteDirectory { get; } = Locate("SuiteDirectory", "sdk-compatibility", "package.json");

    /// <summary>Gets the standalone simulator's built entry point.</summary>
    public static string SimulatorDll { get; } = Locate("ProviderSimulatorDll", Path.Combine("..", "samples", "ProviderSimulator", "bin"), "ProviderSimulator.dll");

    /// <summary>Skips the test (fails it under <c>CI=true</c>) when node or npm is missing, then restores the packages once.</summary>
    /// <returns>A task.</returns>
    public static async Task RequireAsync()
    {
        if (Find("node") is null || Find("npm") is null)
        {
            const string Reason = "Node.js and npm are not on the PATH: apt-get install -y nodejs npm (Debian's packages; .ci/run installs them).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI=true but " + Reason);
            }

            Assert.Skip(Reason);
        }

        if (await Restored.Value is { } failure)
        {
            Assert.Fail(failure);
        }
    }

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> in the suite's folder.</summary>
    /// <param name="file">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="timeout">How long it may run before it is killed.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <returns>Its exit code and its output (standard output and error, interleaved as they came).</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = SuiteDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["npm_config_update_notifier"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { lock (gate) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (gate) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (gate)
            {
                output.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Killed after {timeout}.");
            }
        }

        process.WaitForExit(); // drains the redirected streams
        lock (gate)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static async Task<string?> RestoreAsync()
    {
        var installed = Path.Combine(SuiteDirectory, "node_modules", ".package-lock.json");
        var lockFile = Path.Combine(SuiteDirectory, "package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
        {
            return null;
        }

        var (exitCode, output) = await RunAsync(Find("npm")!, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
        return exitCode == 0 ? null : $"npm ci failed in {SuiteDirectory} (exit {exitCode}):\n{output}";
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static string Locate(string metadata, string relative, string marker)
    {
        var candidates = new List<string>();
        var built = typeof(NodeToolchain).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == metadata)?.Value;
        if (built is not null)
        {
            candidates.Add(Path.GetFullPath(built));
        }

        // tests/Resilience.Payments.SdkCompatibility.Tests/bin/<Configuration>/net10.0/ -> tests/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (here.Parent?.Parent?.Parent?.Parent is { } tests)
        {
            candidates.Add(marker.EndsWith(".dll", StringComparison.Ordinal)
                ? Path.Combine(tests.FullName, relative, here.Parent.Name, here.Name, marker)
                : Path.Combine(tests.FullName, relative));
        }

        return candidates.FirstOrDefault(c => File.Exists(c) || File.Exists(Path.Combine(c, marker)))
            ?? throw new FileNotFoundException($"{marker} not found; looked in: {string.Join(", ", candidates)}.");
    }
}
