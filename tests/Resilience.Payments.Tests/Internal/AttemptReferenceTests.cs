using CsCheck;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Internal;

public class AttemptReferenceTests
{
    [Theory]
    [InlineData("inv1", 1, "inv1-1-")]
    [InlineData("inv-2024-001", 3, "inv-2024-001-3-")]
    [InlineData("a:b.c_d", 10000, "a:b.c_d-10000-")]
    public void Create_KeyAndNumber_JoinsWithDashThenAddsRandomPart(string key, int number, string expectedPrefix)
    {
        var reference = AttemptReference.Create(key, number);

        Assert.StartsWith(expectedPrefix, reference, StringComparison.Ordinal);
        var random = reference[expectedPrefix.Length..];
        Assert.Equal(AttemptReference.RandomLength, random.Length);
        Assert.True(char.IsAsciiLetterLower(random[0]));
        Assert.All(random, c => Assert.True(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)));
    }

    [Fact]
    public void Create_SameKeyAndNumber_IsUnguessable()
    {
        var references = Enumerable.Range(0, 1000).Select(_ => AttemptReference.Create("bill-42", 1)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, references.Count);
    }

    [Theory]
    [InlineData("inv-2024-001-3-k2x9m0qa", "inv-2024-001", 3)]
    [InlineData("pay-1-1", "pay-1", 1)] // the format of earlier releases: a trailing number
    [InlineData("pay-12-z0000000", "pay", 12)]
    public void TryParse_BothFormats_ReadsKeyAndNumber(string reference, string expectedKey, int expectedNumber)
    {
        Assert.True(AttemptReference.TryParse(reference, out var key, out var number));
        Assert.Equal(expectedKey, key);
        Assert.Equal(expectedNumber, number);
    }

    [Fact]
    public void TryParse_KeyWithDashes_SplitsAtLastDash()
    {
        Assert.True(AttemptReference.TryParse("inv-2024-001-3", out var key, out var number));
        Assert.Equal("inv-2024-001", key);
        Assert.Equal(3, number);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("abc-")]
    [InlineData("abc-0")]
    [InlineData("-3")]
    [InlineData("abc-x")]
    [InlineData("abc-+3")]
    [InlineData("abc- 3")]
    [InlineData("abc-3 ")]
    [InlineData("abc-99999999999")]
    [InlineData("abc-k2x9m0qa")]
    [InlineData("abc-0-k2x9m0qa")]
    [InlineData("-3-k2x9m0qa")]
    public void TryParse_Malformed_ReturnsFalse(string? reference)
    {
        Assert.False(AttemptReference.TryParse(reference, out var key, out _));
        Assert.Equal(string.Empty, key);
    }

    [Fact]
    public void TryParse_CreatedReference_RoundTripsForGeneratedKeys()
    {
        var keyChars = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:"];
        var gen = Gen.Select(Gen.String[keyChars, 1, 40], Gen.Int[1, 10_000]);

        Deterministic.ForAll(gen, t =>
        {
            var (key, number) = t;

            Assert.True(AttemptReference.TryParse(AttemptReference.Create(key, number), out var parsedKey, out var parsedNumber));
            Assert.Equal(key, parsedKey);
            Assert.Equal(number, parsedNumber);
        }, count: 500);
    }
}
