using System.Text;
using CsCheck;

namespace Resilience.Payments.Tests.Instruments;

public class CardInstrumentTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Card_EmptyToken_ThrowsNamingToken(string token)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.Card(token));

        Assert.Equal("token", ex.ParamName);
    }

    [Fact]
    public void Card_TokenLongerThan128_ThrowsNamingToken()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.Card(new string('a', 129)));

        Assert.Equal("token", ex.ParamName);
    }

    [Fact]
    public void Card_TokenOf128Characters_IsAccepted()
    {
        var card = PaymentInstrument.Card(new string('a', 128));

        Assert.Equal(128, card.Token.Length);
    }

    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("5500000000000004")]
    [InlineData("378282246310005")]
    public void Card_LuhnValidCardNumber_IsRefused(string cardNumber)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.Card(cardNumber));

        Assert.Equal("token", ex.ParamName);
        Assert.DoesNotContain(cardNumber, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("AUTH_abc123")]
    [InlineData("12345678901")]
    public void Card_NonCardNumberToken_IsAccepted(string token)
    {
        var card = PaymentInstrument.Card(token);

        Assert.Equal(token, card.Token);
        Assert.Equal(InstrumentKind.Card, card.Kind);
        Assert.Equal(MobileNetwork.Unknown, card.Network);
    }

    [Fact]
    public void Masked_LongToken_ShowsOnlyFirstFourCharacters()
    {
        var card = PaymentInstrument.Card("AUTH_abc123");

        Assert.Equal("card AUTH****", card.Masked);
        Assert.DoesNotContain("AUTH_abc123", card.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Masked_ShortToken_ShowsNothingOfIt()
    {
        var card = PaymentInstrument.Card("AUTH_1");

        Assert.Equal("card ****", card.Masked);
    }

    [Fact]
    public void LooksLikeCardNumber_GeneratedLuhnNumbers_TrueAndFalseAfterOneDigitChanges()
    {
        var gen =
            from length in Gen.Int[12, 19]
            from body in Gen.Int[0, 9].Array[length - 1]
            from position in Gen.Int[0, length - 1]
            from delta in Gen.Int[1, 9]
            select (body, position, delta);

        Deterministic.ForAll(gen, t =>
        {
            var digits = t.body.Append(LuhnCheckDigit(t.body)).ToArray();
            var number = string.Concat(digits);

            Assert.True(CardInstrument.LooksLikeCardNumber(number), number);

            digits[t.position] = (digits[t.position] + t.delta) % 10;
            var changed = string.Concat(digits);

            Assert.False(CardInstrument.LooksLikeCardNumber(changed), changed);
        }, count: 500);
    }

    [Theory]
    [InlineData("41111111111")] // 11 digits
    [InlineData("41111111111111111111")] // 20 digits
    public void LooksLikeCardNumber_LengthOutside12To19_IsFalse(string digits)
    {
        // Make the digits Luhn-valid so only the length can reject them.
        var body = digits[..^1].Select(c => c - '0').ToArray();
        var number = new StringBuilder(digits[..^1]).Append(LuhnCheckDigit(body)).ToString();

        Assert.False(CardInstrument.LooksLikeCardNumber(number));
    }

    private static int LuhnCheckDigit(int[] body)
    {
        var sum = 0;
        var doubleIt = true; // the digit left of the check digit is doubled
        for (var i = body.Length - 1; i >= 0; i--)
        {
            var d = body[i];
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (10 - (sum % 10)) % 10;
    }
}
