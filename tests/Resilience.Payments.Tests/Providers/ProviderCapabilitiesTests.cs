namespace Resilience.Payments.Tests.Providers;

public class ProviderCapabilitiesTests
{
    private static readonly ProviderCapabilities Mpesa = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney],
        Networks = [MobileNetwork.Safaricom],
        Currencies = ["KES"],
        MinAmount = 1m,
        MaxAmount = 150_000m,
        WholeUnitsOnly = true,
    };

    private static readonly MobileMoneyInstrument Safaricom = PaymentInstrument.MobileMoney("0712345678");

    [Fact]
    public void WhyCannotServe_InstrumentKindNotTaken_SaysSo()
    {
        var reason = Mpesa.WhyCannotServe(PaymentInstrument.Card("AUTH_abc123"), Money.Kes(10m));

        Assert.Equal("does not take Card", reason);
    }

    [Fact]
    public void WhyCannotServe_NetworkNotServed_SaysSo()
    {
        var reason = Mpesa.WhyCannotServe(PaymentInstrument.MobileMoney("0733123456"), Money.Kes(10m));

        Assert.Equal("does not serve the Airtel network", reason);
    }

    [Fact]
    public void WhyCannotServe_UnknownNetwork_SaysSo()
    {
        var reason = Mpesa.WhyCannotServe(PaymentInstrument.MobileMoney("0747123456"), Money.Kes(10m));

        Assert.Equal("does not serve the Unknown network", reason);
    }

    [Fact]
    public void WhyCannotServe_CurrencyNotTaken_SaysSo()
    {
        var reason = Mpesa.WhyCannotServe(Safaricom, new Money(10m, "UGX"));

        Assert.Equal("does not take UGX", reason);
    }

    [Fact]
    public void WhyCannotServe_CurrencyListedInLowerCase_CanServe()
    {
        var caps = Mpesa with { Currencies = ["kes"] };

        Assert.Null(caps.WhyCannotServe(Safaricom, Money.Kes(10m)));
    }

    [Fact]
    public void WhyCannotServe_BelowMinimum_SaysSo()
    {
        var reason = Mpesa.WhyCannotServe(Safaricom, Money.Kes(0.5m));

        Assert.NotNull(reason);
        Assert.StartsWith("amount below its minimum", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WhyCannotServe_AboveMaximum_SaysSo()
    {
        var reason = Mpesa.WhyCannotServe(Safaricom, Money.Kes(150_001m));

        Assert.NotNull(reason);
        Assert.StartsWith("amount above its maximum", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(150000)]
    public void WhyCannotServe_AmountAtLimit_CanServe(int amount)
    {
        Assert.Null(Mpesa.WhyCannotServe(Safaricom, Money.Kes(amount)));
    }

    [Fact]
    public void WhyCannotServe_WholeUnitsOnlyWithCents_SaysSo()
    {
        Assert.Equal("takes whole units only", Mpesa.WhyCannotServe(Safaricom, Money.Kes(10.50m)));
    }

    [Fact]
    public void WhyCannotServe_CentsWithoutWholeUnitsRule_CanServe()
    {
        var caps = Mpesa with { WholeUnitsOnly = false };

        Assert.Null(caps.WhyCannotServe(Safaricom, Money.Kes(10.50m)));
    }

    [Fact]
    public void WhyCannotServe_CardForCardProviderIgnoresNetworks_CanServe()
    {
        var caps = new ProviderCapabilities { InstrumentKinds = [InstrumentKind.Card, InstrumentKind.BankCheckout], Currencies = ["KES", "USD"] };

        Assert.Null(caps.WhyCannotServe(PaymentInstrument.Card("AUTH_abc123"), new Money(10.99m, "USD")));
        Assert.Null(caps.WhyCannotServe(PaymentInstrument.Checkout("jane@example.com"), Money.Kes(1_000_000m)));
    }

    [Fact]
    public void WhyCannotServe_EverythingMatches_ReturnsNull()
    {
        Assert.Null(Mpesa.WhyCannotServe(Safaricom, Money.Kes(200m)));
    }

    [Fact]
    public void WhyCannotServe_NullInstrument_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Mpesa.WhyCannotServe(null!, Money.Kes(1m)));
    }
}
