using CsCheck;
using Resilience.Payments.AspNetCore;

namespace Resilience.Payments.Console.Tests;

public sealed class ConsoleOptionsPropertyTests
{
    [Fact]
    public void Validate_AnyRefreshIntervalAndSearchLimit_RefusesExactlyThoseOutOfRangeNamingTheProperty()
    {
        Gen.Select(Gen.Int[-10_000, 1_000_000], Gen.Int[-10, 2_000]).Sample((millis, limit) =>
        {
            var options = new PaymentsConsoleOptions
            {
                AuthorizationPolicy = "ops",
                RefreshInterval = TimeSpan.FromMilliseconds(millis),
                SearchLimit = limit,
            };

            var failures = options.Validate();

            var intervalValid = millis is >= 500 and <= 600_000;
            var limitValid = limit is >= 1 and <= 1000;
            return failures.Any(f => f.StartsWith("RefreshInterval", StringComparison.Ordinal)) == !intervalValid
                && failures.Any(f => f.StartsWith("SearchLimit", StringComparison.Ordinal)) == !limitValid
                && failures.Count == (intervalValid ? 0 : 1) + (limitValid ? 0 : 1);
        }, seed: "0N0XIzNsQ0O2", threads: 1);
    }

    [Theory]
    [InlineData(" ", false, "AuthorizationPolicy")]
    [InlineData("ops", true, "contradict")]
    public void Validate_PolicyProblems_AreNamed(string policy, bool allowAnonymous, string expected)
    {
        var failures = new PaymentsConsoleOptions { AuthorizationPolicy = policy, AllowAnonymous = allowAnonymous }.Validate();

        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
    }
}
