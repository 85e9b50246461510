using CsCheck;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.Tests.Callbacks;

public class CallbackTokenSignerTests
{
    private const string Key = "k3y-for-tests-0123456789abcdefghijkl";
    private const string OldKey = "old-k3y-for-tests-0123456789abcdefghij";

    [Fact]
    public void Verify_TokenSignedForValue_True()
    {
        var signer = new CallbackTokenSigner([Key]);

        var token = signer.Sign("daraja-attempt", "bill-1-1-abcdefgh");

        Assert.Equal(43, token.Length);
        Assert.True(signer.Verify("daraja-attempt", "bill-1-1-abcdefgh", token));
    }

    [Theory]
    [InlineData("daraja-attempt", "bill-1-2-abcdefgh")] // another attempt
    [InlineData("daraja-attempt", "bill-1-1-abcdefgh ")] // altered
    [InlineData("other-purpose", "bill-1-1-abcdefgh")] // another purpose
    public void Verify_OtherValueOrPurpose_False(string purpose, string value)
    {
        var signer = new CallbackTokenSigner([Key]);
        var token = signer.Sign("daraja-attempt", "bill-1-1-abcdefgh");

        Assert.False(signer.Verify(purpose, value, token));
    }

    [Fact]
    public void Verify_KeyRotated_OldTokensStillVerifyNewOnesUseNewKey()
    {
        var before = new CallbackTokenSigner([OldKey]);
        var oldToken = before.Sign("p", "v");
        var after = new CallbackTokenSigner([Key, OldKey]);

        Assert.True(after.Verify("p", "v", oldToken));
        Assert.NotEqual(oldToken, after.Sign("p", "v"));
        Assert.False(before.Verify("p", "v", after.Sign("p", "v")));
        Assert.False(new CallbackTokenSigner([Key]).Verify("p", "v", oldToken)); // the old key retired
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("0000000000000000000000000000000000000000000")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Verify_MalformedToken_False(string? token)
    {
        Assert.False(new CallbackTokenSigner([Key]).Verify("p", "v", token));
    }

    [Fact]
    public void Verify_RandomTokens_NeverVerify()
    {
        var signer = new CallbackTokenSigner([Key]);
        Deterministic.ForAll(Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"], 43, 43], token =>
            Assert.False(signer.Verify("p", "v", token)), count: 2000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Constructor_NoKeyOrShortKey_Throws(int which)
    {
        string[][] cases = [[], ["too-short"], [Key, ""]];

        Assert.Throws<ArgumentException>(() => new CallbackTokenSigner(cases[which]));
    }
}
