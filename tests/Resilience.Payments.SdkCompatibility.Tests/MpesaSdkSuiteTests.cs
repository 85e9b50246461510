namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>The M-Pesa Daraja SDKs' suites (<c>mpesa-node</c>, <c>mpesa-api</c>, <c>daraja.js</c>).</summary>
public sealed class MpesaSdkSuiteTests
{
    /// <summary>Gets the suites.</summary>
    public static TheoryData<string> Suites => SdkSuite.StartingWith(Prefixes);

    internal static string[] Prefixes => ["mpesa", "daraja"];

    [Theory]
    [MemberData(nameof(Suites))]
    public Task Suite_AgainstStandaloneSimulator_EveryTestPasses(string suite) => SdkSuite.RunAsync(suite);
}
