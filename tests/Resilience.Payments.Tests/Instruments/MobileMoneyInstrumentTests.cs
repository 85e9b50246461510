namespace Resilience.Payments.Tests.Instruments;

public class MobileMoneyInstrumentTests
{
    [Theory]
    [InlineData("junk")]
    [InlineData("0612345678")]
    [InlineData("07123")]
    [InlineData("")]
    public void MobileMoney_InvalidNumber_ThrowsNamingPhoneNumber(string text)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.MobileMoney(text));

        Assert.Equal("phoneNumber", ex.ParamName);
        Assert.Equal("phoneNumber", Assert.Single(ex.Errors).Field);
    }

    [Theory]
    [InlineData("0612345678")]
    [InlineData("0712345678999")]
    [InlineData("071234x5678")]
    public void MobileMoney_InvalidNumber_MessageDoesNotRepeatRawDigits(string text)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => PaymentInstrument.MobileMoney(text));

        Assert.DoesNotContain(text, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string(text.Where(char.IsAsciiDigit).ToArray()), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MobileMoney_SafaricomNumber_HasKindNetworkAndMaskedText()
    {
        var instrument = PaymentInstrument.MobileMoney("0712345678");

        Assert.Equal(InstrumentKind.MobileMoney, instrument.Kind);
        Assert.Equal(MobileNetwork.Safaricom, instrument.Network);
        Assert.Equal("254712345678", instrument.PhoneNumber.Value);
        Assert.Equal("mobile-money 2547****5678", instrument.Masked);
    }

    [Fact]
    public void ToString_MobileMoney_NeverContainsFullNumber()
    {
        var instrument = PaymentInstrument.MobileMoney("+254 733 123 456");

        Assert.DoesNotContain("254733123456", instrument.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("733123456", instrument.ToString(), StringComparison.Ordinal);
        Assert.Equal(instrument.Masked, instrument.ToString());
    }

    [Fact]
    public void Constructor_DefaultPhoneNumber_ThrowsNamingPhoneNumber()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => new MobileMoneyInstrument(default));

        Assert.Equal("phoneNumber", ex.ParamName);
    }
}
