namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>The clients written from Pesapal's and Airtel's documentation (no npm SDK of theirs is served here), and the harness's own suite.</summary>
public sealed class DocumentedClientSuiteTests
{
    /// <summary>Gets the suites.</summary>
    public static TheoryData<string> Suites => SdkSuite.StartingWith(Prefixes);

    internal static string[] Prefixes => ["pesapal", "airtel", "harness"];

    [Theory]
    [MemberData(nameof(Suites))]
    public Task Suite_AgainstStandaloneSimulator_EveryTestPasses(string suite) => SdkSuite.RunAsync(suite);
}
