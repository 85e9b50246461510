using System.Text.RegularExpressions;

namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>
/// The suite files of <c>tests/sdk-compatibility/suites</c> (the providers' own client SDKs from npm, driven as their READMEs show,
/// against the standalone <c>samples/ProviderSimulator</c> process), run one at a time by node's test runner. Three test classes
/// take them by provider, so that xunit runs two suites at once (each class is its own collection).
/// </summary>
internal static partial class SdkSuite
{
    /// <summary>Gets the suite files, by name (<c>mpesa-api</c> for <c>suites/mpesa-api.test.mjs</c>).</summary>
    public static IReadOnlyList<string> Names { get; } =
        Directory.GetFiles(Path.Combine(NodeToolchain.SuiteDirectory, "suites"), "*.test.mjs")
            .Select(file => Path.GetFileName(file)[..^".test.mjs".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The suites whose names start with one of <paramref name="prefixes"/>.</summary>
    /// <param name="prefixes">Name prefixes, such as <c>mpesa</c>.</param>
    /// <returns>The suites, as theory data.</returns>
    public static TheoryData<string> StartingWith(params string[] prefixes) =>
        [.. Names.Where(name => prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))];

    /// <summary>Runs one suite file and fails with its output when any of its tests fails.</summary>
    /// <param name="suite">The suite's name.</param>
    /// <returns>A task.</returns>
    public static async Task RunAsync(string suite)
    {
        await NodeToolchain.RequireAsync();

        var (exitCode, output) = await NodeToolchain.RunAsync(
            "node",
            ["--test", "--test-reporter=tap", Path.Combine("suites", suite + ".test.mjs")],
            TimeSpan.FromMinutes(4),
            new Dictionary<string, string> { ["PROVIDER_SIMULATOR_DLL"] = NodeToolchain.SimulatorDll });

        TestContext.Current.SendDiagnosticMessage("{0}", output);
        var passed = Count(output, "pass");
        var failed = Count(output, "fail");
        var cancelled = Count(output, "cancelled");
        Assert.True(exitCode == 0 && failed == 0 && cancelled == 0 && passed > 0, $"suite {suite}: exit {exitCode}, {passed} passed, {failed} failed, {cancelled} cancelled.\n{output}");
    }

    private static int Count(string output, string what)
    {
        var match = SummaryLine().Matches(output).LastOrDefault(m => m.Groups[1].Value == what);
        return match is null ? 0 : int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^# (pass|fail|cancelled) (\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
