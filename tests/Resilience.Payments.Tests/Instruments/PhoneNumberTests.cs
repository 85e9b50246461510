using CsCheck;

namespace Resilience.Payments.Tests.Instruments;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("0712345678")]
    [InlineData("712345678")]
    [InlineData("254712345678")]
    [InlineData("+254712345678")]
    [InlineData("+254 712 345 678")]
    [InlineData("0712-345-678")]
    [InlineData("(0712) 345 678")]
    [InlineData("+254 (712) 345-678")]
    [InlineData("0712.345.678")]
    [InlineData("  0712345678  ")]
    public void TryParse_AcceptedFormat_NormalisesTo254(string text)
    {
        Assert.True(PhoneNumber.TryParse(text, out var number));
        Assert.Equal("254712345678", number.Value);
    }

    [Theory]
    [InlineData("0112345678", "254112345678")]
    [InlineData("112345678", "254112345678")]
    [InlineData("+254 110 000 000", "254110000000")]
    public void TryParse_OnePrefixedNumber_NormalisesTo2541(string text, string expected)
    {
        Assert.True(PhoneNumber.TryParse(text, out var number));
        Assert.Equal(expected, number.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("07123456")]
    [InlineData("071234567")]
    [InlineData("07123456789")]
    [InlineData("2547123456789")]
    [InlineData("25471234567")]
    [InlineData("0712345a78")]
    [InlineData("0712345678x")]
    [InlineData("++254712345678")]
    [InlineData("+254+712345678")]
    [InlineData("254+712345678")]
    [InlineData("0612345678")]
    [InlineData("254612345678")]
    [InlineData("612345678")]
    [InlineData("0212345678")]
    [InlineData("255712345678")]
    [InlineData("0712/345/678")]
    [InlineData("0 7 1 2 3 4 5 6 7 8 - - - - - - - - - ")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(PhoneNumber.TryParse(text, out var number));
        Assert.Null(number.Value);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(PhoneNumber.TryParse(null, out _));
    }

    [Fact]
    public void Parse_InvalidText_ThrowsFormatExceptionWithoutFullInput()
    {
        var ex = Assert.Throws<FormatException>(() => PhoneNumber.Parse("0612345678"));

        Assert.DoesNotContain("0612345678", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Masked_ValidNumber_KeepsFourDigitsEachEnd()
    {
        var number = PhoneNumber.Parse("0712345678");

        Assert.Equal("2547****5678", number.Masked);
    }

    [Fact]
    public void ToString_ValidNumber_IsMaskedAndHidesValue()
    {
        var number = PhoneNumber.Parse("0712345678");

        Assert.Equal("2547****5678", number.ToString());
        Assert.DoesNotContain(number.Value, number.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Default_IsEmpty()
    {
        Assert.Equal(string.Empty, default(PhoneNumber).ToString());
    }

    [Fact]
    public void NationalSignificantNumber_ValidNumber_DropsCountryCode()
    {
        Assert.Equal("712345678", PhoneNumber.Parse("+254712345678").NationalSignificantNumber);
    }

    [Fact]
    public void TryParse_NineDigitNationalNumberInAllFormats_GivesSameValue()
    {
        var gen = Gen.Select(Gen.OneOf('7', '1'), Gen.String[Gen.Char['0', '9'], 8, 8]);

        Deterministic.ForAll(gen, t =>
        {
            var national = t.Item1 + t.Item2;
            string[] formats =
            [
                "0" + national,
                national,
                "254" + national,
                $"+254 {national[..3]} {national[3..6]} {national[6..]}",
            ];

            foreach (var text in formats)
            {
                Assert.True(PhoneNumber.TryParse(text, out var number), text);
                Assert.Equal("254" + national, number.Value);
            }
        });
    }

    [Fact]
    public void Masked_AnyValidNumber_NeverContainsValue()
    {
        var gen = Gen.Select(Gen.OneOf('7', '1'), Gen.String[Gen.Char['0', '9'], 8, 8]);

        Deterministic.ForAll(gen, t =>
        {
            var number = PhoneNumber.Parse("0" + t.Item1 + t.Item2);

            Assert.DoesNotContain(number.Value, number.Masked, StringComparison.Ordinal);
            Assert.DoesNotContain(number.Value, number.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(number.NationalSignificantNumber, number.ToString(), StringComparison.Ordinal);
            Assert.Matches("^254[71]\\*{4}[0-9]{4}$", number.Masked);
        });
    }

    [Fact]
    public void TryParse_RandomJunk_NeverThrows()
    {
        var junk = Gen.OneOf(
            Gen.String,
            Gen.String[Gen.Char["0123456789+-(). abc\t"], 0, 40],
            Gen.String[Gen.Char['0', '9'], 0, 40]);

        Deterministic.ForAll(junk, text =>
        {
            var ok = PhoneNumber.TryParse(text, out var number);

            Assert.Equal(ok, number.Value is not null);
            if (ok)
            {
                Assert.Matches("^254[71][0-9]{8}$", number.Value);
            }
        }, count: 500);
    }
}
