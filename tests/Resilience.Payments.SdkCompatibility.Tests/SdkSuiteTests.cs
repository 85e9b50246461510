namespace Resilience.Payments.SdkCompatibility.Tests;

/// <summary>What the suite files must be: one per provider at least, and each run by exactly one of the suite test classes.</summary>
public sealed class SdkSuiteTests
{
    [Fact]
    public void Suites_EveryProvider_HasAtLeastOne()
    {
        foreach (var provider in new[] { "mpesa", "paystack", "pesapal", "airtel" })
        {
            Assert.Contains(SdkSuite.Names, name => name.StartsWith(provider, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Suites_EveryFile_IsRunByExactlyOneClass()
    {
        string[][] classes = [MpesaSdkSuiteTests.Prefixes, PaystackSdkSuiteTests.Prefixes, DocumentedClientSuiteTests.Prefixes];
        foreach (var name in SdkSuite.Names)
        {
            Assert.True(
                classes.Count(prefixes => prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))) == 1,
                $"suites/{name}.test.mjs must be run by exactly one suite test class: give its name a prefix of one of them.");
        }
    }
}
