using System.Text.RegularExpressions;

namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>
/// Runs each suite of <c>tests/sdk-compatibility/suites</c> (the providers' own client SDKs from npm, driven as their READMEs
/// show, against the standalone <c>samples/ProviderSimulator</c> process) with node's test runner, and fails with its output
/// when any of its tests fails.
/// </summary>
public sealed partial class SdkSuiteTests
{
    /// <summary>Gets the suite files, by name (<c>mpesa-api</c> for <c>suites/mpesa-api.test.mjs</c>).</summary>
    public static TheoryData<string> Suites => [.. SuiteNames()];

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task Suite_AgainstStandaloneSimulator_EveryTestPasses(string suite)
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

    [Fact]
    public void Suites_EveryProvider_HasAtLeastOne()
    {
        var names = SuiteNames();
        foreach (var provider in new[] { "mpesa", "paystack", "pesapal", "airtel" })
        {
            Assert.Contains(names, name => name.StartsWith(provider, StringComparison.Ordinal));
        }
    }

    private static List<string> SuiteNames() =>
        Directory.GetFiles(Path.Combine(NodeToolchain.SuiteDirectory, "suites"), "*.test.mjs")
            .Select(file => Path.GetFileName(file)[..^".test.mjs".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    private static int Count(string output, string what)
    {
        var match = SummaryLine().Matches(output).LastOrDefault(m => m.Groups[1].Value == what);
        return match is null ? 0 : int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^# (pass|fail|cancelled) (\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
