using CsCheck;

namespace Resilience.Payments.Tests;

public class MoneyTests
{
    [Fact]
    public void Constructor_ValidKesAmount_KeepsAmountAndCurrency()
    {
        var money = new Money(200.50m, "KES");

        Assert.Equal(200.50m, money.Amount);
        Assert.Equal("KES", money.Currency);
        Assert.False(money.IsDefault);
    }

    [Fact]
    public void Constructor_UnknownCurrency_ThrowsNamingCurrency()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => new Money(10m, "XYZ"));

        Assert.Equal("currency", ex.ParamName);
        Assert.Equal("currency", Assert.Single(ex.Errors).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("KE")]
    [InlineData("KESS")]
    public void Constructor_MalformedCurrency_ThrowsNamingCurrency(string? currency)
    {
        var ex = Assert.Throws<PaymentValidationException>(() => new Money(10m, currency!));

        Assert.Equal("currency", ex.ParamName);
    }

    [Fact]
    public void Constructor_OverPrecisionAmount_ThrowsNamingAmount()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => new Money(10.005m, "KES"));

        Assert.Equal("amount", ex.ParamName);
    }

    [Fact]
    public void Constructor_FractionalUgx_ThrowsNamingAmount()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => new Money(10.5m, "UGX"));

        Assert.Equal("amount", ex.ParamName);
    }

    [Fact]
    public void Constructor_KwdWithThreeDecimals_Succeeds()
    {
        var money = new Money(1.234m, "KWD");

        Assert.Equal(1.234m, money.Amount);
    }

    [Fact]
    public void Constructor_KwdWithFourDecimals_ThrowsNamingAmount()
    {
        var ex = Assert.Throws<PaymentValidationException>(() => new Money(1.2345m, "KWD"));

        Assert.Equal("amount", ex.ParamName);
    }

    [Theory]
    [InlineData(200, "KES", 20000)]
    [InlineData(10.5, "KES", 1050)]
    [InlineData(500, "UGX", 500)]
    [InlineData(3, "KWD", 3000)]
    [InlineData(1.234, "KWD", 1234)]
    public void ToMinorUnits_KnownCurrency_MultipliesByMinorUnitFactor(double amount, string currency, long expected)
    {
        var money = new Money((decimal)amount, currency);

        Assert.Equal(expected, money.ToMinorUnits());
    }

    [Fact]
    public void FromMinorUnits_UnknownCurrency_ThrowsNamingCurrency()
    {
        var error = Assert.Throws<PaymentValidationException>(() => Money.FromMinorUnits(100, "XYZ"));

        Assert.Equal("currency", Assert.Single(error.Errors).Field);
    }

    [Theory]
    [InlineData("kes")]
    [InlineData("Kes")]
    [InlineData("kES")]
    public void Constructor_MixedCaseCurrency_NormalisesToUpperCase(string currency)
    {
        var money = new Money(5m, currency);

        Assert.Equal("KES", money.Currency);
    }

    [Fact]
    public void Equality_SameAmountDifferentCodeCase_AreEqual()
    {
        Assert.Equal(Money.Kes(10m), new Money(10m, "kes"));
    }

    [Fact]
    public void IsDefault_DefaultMoney_IsTrue()
    {
        Assert.True(default(Money).IsDefault);
    }

    [Fact]
    public void ToString_Kes_IsCodeSpaceAmount()
    {
        Assert.Equal("KES 200.5", Money.Kes(200.5m).ToString());
    }

    [Fact]
    public void ToString_Default_IsNone()
    {
        Assert.Equal("(none)", default(Money).ToString());
    }

    [Fact]
    public void CurrencyGet_UnknownCode_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Currency.Get("ABC"));
    }

    [Fact]
    public void CurrencyTryGet_LowerCaseCode_FindsUpperCaseCurrency()
    {
        Assert.True(Currency.TryGet("ugx", out var currency));
        Assert.Equal("UGX", currency.Code);
        Assert.Equal(0, currency.MinorUnits);
    }

    [Fact]
    public void Constructor_RandomAmountWithinMinorUnits_RoundTripsThroughMinorUnits()
    {
        var currencies = Currency.All.ToArray();
        var gen = Gen.Select(Gen.OneOf(currencies), Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L]);

        Deterministic.ForAll(gen, t =>
        {
            var (currency, minor) = t;
            var factor = Pow10(currency.MinorUnits);
            var amount = minor / factor;

            var money = new Money(amount, currency.Code);

            Assert.Equal(minor, money.ToMinorUnits());
            Assert.Equal(money.Amount, money.ToMinorUnits() / factor);
            Assert.Equal(money, Money.FromMinorUnits(minor, currency.Code.ToLowerInvariant()));
        });
    }

    private static decimal Pow10(int units)
    {
        var factor = 1m;
        for (var i = 0; i < units; i++)
        {
            factor *= 10m;
        }

        return factor;
    }
}
