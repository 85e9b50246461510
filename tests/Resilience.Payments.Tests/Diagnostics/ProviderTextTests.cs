using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;

namespace Resilience.Payments.Tests.Diagnostics;

public partial class ProviderTextTests
{
    [Fact]
    public void Scrub_Null_ReturnsNull()
    {
        Assert.Null(ProviderText.Scrub(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Success. Request accepted for processing")]
    [InlineData("The balance is insufficient for the transaction. KES 1,500.00 (code 1)")]
    [InlineData("ws_CO_1234")]
    public void Scrub_CleanShortText_ReturnsTheSameInstance(string text)
    {
        Assert.Same(text, ProviderText.Scrub(text));
    }

    [Theory]
    [InlineData("Invalid PhoneNumber 254722000111", "Invalid PhoneNumber 2547****11")]
    [InlineData("Invalid PhoneNumber +254722000111.", "Invalid PhoneNumber +2547****11.")]
    [InlineData("msisdn=+254 722 000 111;", "msisdn=+2547****11;")]
    [InlineData("call 0722-000-111 now", "call 0722****11 now")]
    [InlineData("(0722) 000 111", "(0722****11")]
    [InlineData("722000111", "7220****11")]
    [InlineData("+44 20 7946 0958 12", "+4420****12")]
    [InlineData("+1 (555) 123-4567", "+1555****67")]
    public void Scrub_PhoneNumber_KeepsFirstFourAndLastTwoDigits(string text, string expected)
    {
        Assert.Equal(expected, ProviderText.Scrub(text));
    }

    [Theory]
    [InlineData("card 4111111111111111 declined", "card ************1111 declined")]
    [InlineData("card 4111 1111 1111 1111 declined", "card ************1111 declined")]
    [InlineData("card 4111-1111-1111-1111", "card ************1111")]
    [InlineData("378282246310005", "***********0005")]
    [InlineData("6011000990139424123", "***************4123")]
    public void Scrub_CardNumber_KeepsOnlyTheLastFourDigits(string text, string expected)
    {
        Assert.Equal(expected, ProviderText.Scrub(text));
    }

    [Theory]
    [InlineData("12345678")]
    [InlineData("KES 250000.00")]
    [InlineData("2026-07-24")]
    [InlineData("1 2 3 4 5 6 7 8")]
    public void Scrub_FewerThanNineDigitsInANumber_LeavesThemAlone(string text)
    {
        Assert.Equal(text, ProviderText.Scrub(text));
    }

    [Theory]
    [InlineData("first\r\nINFO forged line", "first  INFO forged line")]
    [InlineData("a\tb\u0000c\u001bd\u007fe\u0085f", "a b c d e f")]
    [InlineData("x\u2028y\u2029z", "x y z")]
    [InlineData("pay \u202Eevil\u202C \u2066iso\u2069 \u200Bzw\u200D \uFEFF", "pay  evil   iso   zw   ")]
    public void Scrub_ControlAndInvisibleCharacters_BecomeSpaces(string text, string expected)
    {
        Assert.Equal(expected, ProviderText.Scrub(text));
    }

    [Fact]
    public void Scrub_LoneSurrogates_BecomeSpaces()
    {
        // Built in code: a lone surrogate does not survive an attribute argument.
        var text = "lone " + '\uD800' + " high, lone " + '\uDC00' + " low, reversed " + '\uDC4D' + '\uD83D' + ".";

        Assert.Equal("lone   high, lone   low, reversed   .", ProviderText.Scrub(text));
    }

    [Fact]
    public void Scrub_SurrogatePair_IsKept()
    {
        Assert.Equal("paid 👍", ProviderText.Scrub("paid 👍"));
    }

    [Fact]
    public void Scrub_LongText_CutToMaxLengthWithEllipsis()
    {
        var scrubbed = ProviderText.Scrub(new string('a', 2_000))!;

        Assert.Equal(ProviderText.MaxLength, scrubbed.Length);
        Assert.EndsWith("a…", scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_CutAtASurrogatePair_NeverSplitsIt()
    {
        var text = new string('a', ProviderText.MaxLength - 2) + "👍👍👍";

        var scrubbed = ProviderText.Scrub(text)!;

        Assert.True(scrubbed.Length <= ProviderText.MaxLength);
        Assert.Equal(scrubbed, ProviderText.Scrub(scrubbed));
        Assert.EndsWith("…", scrubbed, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(scrubbed[^2]));
    }

    /// <summary>Text from a provider: digits, separators, letters, controls, invisible and astral characters, mixed.</summary>
    private static readonly Gen<string> ProviderAnswer = Gen.OneOf(
        Gen.Char['0', '9'].Select(c => c.ToString()),
        Gen.String[Gen.Char['0', '9'], 1, 20],
        Gen.OneOf(Gen.Const(" "), Gen.Const("-"), Gen.Const("."), Gen.Const("("), Gen.Const(")"), Gen.Const("+"), Gen.Const("*")),
        Gen.String[Gen.Char.AlphaNumeric, 1, 8],
        Gen.Char[(char)0, (char)0x1f].Select(c => c.ToString()),
        Gen.OneOf(Gen.Const("\u007f"), Gen.Const("\u0085"), Gen.Const("\u2028"), Gen.Const("\u2029"), Gen.Const("\u202E"), Gen.Const("\u2067"), Gen.Const("\u200B"), Gen.Const("\uFEFF")),
        Gen.OneOf(Gen.Const("\uD83D"), Gen.Const("\uDC4D"), Gen.Const("👍"), Gen.Const("é"), Gen.Const("٣"), Gen.Const("\u00a0"), Gen.Const("…")),
        Gen.Char.Select(c => c.ToString()))
        .Array[0, 120]
        .Select(parts => string.Concat(parts));

    private static bool IsControl(string text, int i) =>
        char.GetUnicodeCategory(text[i]) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || (char.IsHighSurrogate(text[i]) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])))
        || (char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));

    [Fact]
    public void Scrub_AnyText_NeverContainsAControlCharacter()
    {
        Deterministic.ForAll(ProviderAnswer, text =>
        {
            var scrubbed = ProviderText.Scrub(text)!;
            for (var i = 0; i < scrubbed.Length; i++)
            {
                Assert.False(IsControl(scrubbed, i), $"U+{(int)scrubbed[i]:X4} at {i} in the scrub of {Escape(text)}");
            }
        }, count: 500);
    }

    [Fact]
    public void Scrub_AnyText_NeverContainsANineDigitRunOfTheInput()
    {
        Deterministic.ForAll(ProviderAnswer, text =>
        {
            var scrubbed = ProviderText.Scrub(text)!;
            foreach (Match run in DigitRun().Matches(text))
            {
                for (var i = 0; i + 9 <= run.Value.Length; i++)
                {
                    Assert.DoesNotContain(run.Value.Substring(i, 9), scrubbed, StringComparison.Ordinal);
                }
            }

            Assert.DoesNotMatch(DigitRun(), scrubbed);
        }, count: 500);
    }

    [Fact]
    public void Scrub_AnyText_IsIdempotent()
    {
        Deterministic.ForAll(ProviderAnswer, text =>
        {
            var once = ProviderText.Scrub(text);
            Assert.Equal(once, ProviderText.Scrub(once));
        }, count: 500);
    }

    [Fact]
    public void Scrub_AnyText_NeverLongerThanTheCap()
    {
        var longText = ProviderAnswer.Array[1, 12].Select(parts => string.Concat(parts));
        Deterministic.ForAll(longText, text =>
        {
            var scrubbed = ProviderText.Scrub(text)!;
            Assert.True(scrubbed.Length <= ProviderText.MaxLength, $"{scrubbed.Length} characters");
        }, count: 200);
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"\\u{(int)c:X4}"));

    /// <summary>Nine or more decimal digits in a row (any script, as <see cref="char.IsDigit(char)"/> counts them).</summary>
    [GeneratedRegex(@"\d{9,}")]
    private static partial Regex DigitRun();
}
