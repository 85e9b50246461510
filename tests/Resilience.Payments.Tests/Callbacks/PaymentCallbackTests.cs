using CsCheck;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.Tests.Callbacks;

public class PaymentCallbackTests
{
    [Fact]
    public void Headers_GivenACaseSensitiveDictionary_LookUpsStillIgnoreCase()
    {
        var callback = new PaymentCallback { Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["x-paystack-signature"] = "abc" } };

        Assert.True(callback.Headers.TryGetValue("X-Paystack-Signature", out var value));
        Assert.Equal("abc", value);
    }

    [Fact]
    public void Query_GivenACaseSensitiveDictionary_LookUpsStillIgnoreCase()
    {
        var callback = new PaymentCallback { Query = new Dictionary<string, string> { ["OrderTrackingId"] = "t-1" } };

        Assert.Equal("t-1", callback.Query["ordertrackingid"]);
    }

    [Fact]
    public void Headers_TwoNamesDifferingOnlyInCase_BothValuesKeptJoined()
    {
        var callback = new PaymentCallback
        {
            Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Sig"] = "a", ["x-sig"] = "b" },
        };

        Assert.Equal("a,b", callback.Headers["X-SIG"]);
    }

    [Fact]
    public void Headers_CallerChangesItsDictionaryAfterwards_CallbackKeepsWhatWasGiven()
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Sig"] = "a" };
        var callback = new PaymentCallback { Headers = headers };

        headers["X-Sig"] = "forged";

        Assert.Equal("a", callback.Headers["x-sig"]);
    }

    [Fact]
    public void Headers_AnyNames_EveryNameIsFoundInAnyCase()
    {
        Gen.Dictionary(Gen.String[Gen.Char.AlphaNumeric, 1, 12], Gen.String[0, 8])[0, 10]
            .Sample(headers =>
            {
                var callback = new PaymentCallback { Headers = headers };
                foreach (var name in headers.Keys)
                {
                    Assert.True(callback.Headers.ContainsKey(name.ToUpperInvariant()));
                    Assert.True(callback.Headers.ContainsKey(name.ToLowerInvariant()));
                }
            }, iter: 200, threads: 1, seed: "0N0XIzNsQ0O2");
    }
}
