using CsCheck;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Internal;

public class SuccessCheckTests
{
    private static readonly PaymentInstrument Wallet = PaymentInstrument.MobileMoney("0712345678");

    [Fact]
    public void WhyNotMatching_AnyOtherAmount_Mismatch()
    {
        var gen = Gen.Select(Gen.Decimal[0.01m, 1_000_000m], Gen.Decimal[0.01m, 1_000_000m]);
        Deterministic.ForAll(gen, t =>
        {
            var (asked, reported) = (decimal.Round(t.Item1, 2), decimal.Round(t.Item2, 2));
            var why = SuccessCheck.WhyNotMatching(Money.Kes(asked), Wallet, ProviderOutcome.Succeeded() with { Amount = Money.Kes(reported) });
            Assert.Equal(asked == reported, why is null);
        }, count: 2000);
    }

    [Fact]
    public void WhyNotMatching_NothingReported_Matches()
    {
        Assert.Null(SuccessCheck.WhyNotMatching(Money.Kes(200), Wallet, ProviderOutcome.Succeeded()));
    }

    [Theory]
    [InlineData("254722000111")]
    [InlineData("0722000111")]
    [InlineData("12")]
    [InlineData("not a number")]
    public void WhyNotMatching_OtherOrUnreadablePayer_Mismatch(string payer)
    {
        Assert.NotNull(SuccessCheck.WhyNotMatching(Money.Kes(200), Wallet, ProviderOutcome.Succeeded() with { Amount = Money.Kes(200), Payer = payer }));
    }

    [Fact]
    public void WhyNotMatching_PayerOnCheckoutInstrument_NotCompared()
    {
        var checkout = PaymentInstrument.Checkout("payer@example.org");

        Assert.Null(SuccessCheck.WhyNotMatching(Money.Kes(200), checkout, ProviderOutcome.Succeeded() with { Amount = Money.Kes(200), Payer = "254722000111" }));
    }

    [Fact]
    public void MaskedPayer_AnyText_NeverShowsMoreThanSixDigits()
    {
        Deterministic.ForAll(Gen.String[Gen.Char["0123456789+ -abc"], 0, 30], text =>
        {
            var masked = SuccessCheck.MaskedPayer(text);
            Assert.True(masked.Count(char.IsAsciiDigit) <= 8, masked);
            Assert.Contains("****", masked, StringComparison.Ordinal);
        }, count: 2000);
    }
}
