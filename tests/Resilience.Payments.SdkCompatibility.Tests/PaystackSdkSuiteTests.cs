namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>The Paystack SDKs' suites (<c>paystack</c>, <c>paystack-api</c>, <c>paystack-sdk</c>).</summary>
public sealed class PaystackSdkSuiteTests
{
    /// <summary>Gets the suites.</summary>
    public static TheoryData<string> Suites => SdkSuite.StartingWith(Prefixes);

    internal static string[] Prefixes => ["paystack"];

    [Theory]
    [MemberData(nameof(Suites))]
    public Task Suite_AgainstStandaloneSimulator_EveryTestPasses(string suite) => SdkSuite.RunAsync(suite);
}
