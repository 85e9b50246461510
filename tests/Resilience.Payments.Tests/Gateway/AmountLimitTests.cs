using Resilience.Payments.Testing;
using static Resilience.Payments.Tests.Gateway.GatewayTestKit;

namespace Resilience.Payments.Tests.Gateway;

/// <summary>Amounts too large for a provider's minor units, the configured maximum or every provider: refused before anything is stored.</summary>
public class AmountLimitTests
{
    private static async Task AssertRefusedNamingAmountAsync(PaymentGateway gateway, IPaymentStore store, IEnumerable<FakePaymentProvider> providers, PaymentRequest request, string because)
    {
        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => gateway.PayAsync(request));

        Assert.Equal("Amount", Assert.Single(ex.Errors).Field);
        Assert.Equal("Amount", ex.ParamName);
        Assert.Contains(because, ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(request.IdempotencyKey, CancellationToken.None));
        Assert.Empty(providers.SelectMany(p => p.Requests));
    }

    [Fact]
    public async Task PayAsync_AmountWhoseMinorUnitsOverflowLong_ThrowsNamingAmountAndStoresNothing()
    {
        using var h = new GatewayHarness();

        await AssertRefusedNamingAmountAsync(h.Gateway, h.Store, h.Providers, GatewayHarness.Request(amount: 100_000_000_000_000_000m), "too large");
    }

    [Theory]
    [InlineData("KES", "90071992547409.91")]
    [InlineData("UGX", "9007199254740991")]
    [InlineData("TND", "9007199254740.991")]
    public async Task PayAsync_OneMinorUnitAboveTheLibraryLimit_ThrowsNamingAmount(string currency, string limit)
    {
        using var g = new CustomGateway(null, ("any", Everything with { Currencies = [currency] }));
        var atLimit = new Money(decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), currency);
        var oneMore = new Money(atLimit.Amount + (1m / (decimal)Math.Pow(10, Currency.Get(currency).MinorUnits)), currency);

        var charged = await g.Gateway.PayAsync(Request("max-1", atLimit, true, PaymentInstrument.MobileMoney(MpesaPhone)));
        Assert.Equal(PaymentStatus.Succeeded, charged.Status);
        Assert.Equal(Money.MaxMinorUnits, Assert.Single(g["any"].Charges).Amount.ToMinorUnits());

        await AssertRefusedNamingAmountAsync(g.Gateway, g.Store, [], Request("big-1", oneMore, true, PaymentInstrument.MobileMoney(MpesaPhone)), "minor units");
        Assert.Single(g["any"].Requests);
    }

    [Fact]
    public async Task PayAsync_AboveConfiguredMaxAmount_ThrowsNamingAmountAndStoresNothing()
    {
        using var g = new CustomGateway(o => o.MaxAmounts["kes"] = 100_000m, ("any", Everything));

        await AssertRefusedNamingAmountAsync(g.Gateway, g.Store, g.Providers, Request("cap-1", 100_000.01m, true, PaymentInstrument.MobileMoney(MpesaPhone)), "MaxAmounts");
    }

    [Fact]
    public async Task PayAsync_AtConfiguredMaxAmountOrInAnotherCurrency_IsCharged()
    {
        using var g = new CustomGateway(o => o.MaxAmounts["KES"] = 100_000m, ("any", Everything with { Currencies = ["KES", "USD"] }));

        var atMax = await g.Gateway.PayAsync(Request("cap-2", 100_000m, true, PaymentInstrument.MobileMoney(MpesaPhone)));
        var dollars = await g.Gateway.PayAsync(Request("cap-3", new Money(500_000m, "USD"), true, PaymentInstrument.MobileMoney(MpesaPhone)));

        Assert.Equal(PaymentStatus.Succeeded, atMax.Status);
        Assert.Equal(PaymentStatus.Succeeded, dollars.Status);
    }

    [Fact]
    public async Task PayAsync_AboveTheMaximumOfEveryProviderThatServesTheInstrument_ThrowsNamingAmountAndStoresNothing()
    {
        // Before: stored Failed "No configured provider can charge this payment". The amount is the only obstacle, so it is a
        // validation error naming Amount, and nothing is stored (safety rule 7).
        using var g = new CustomGateway(
            null,
            ("daraja", SafaricomOnly with { MaxAmount = 250_000m, WholeUnitsOnly = true }),
            ("aggregator", Everything with { MaxAmount = 150_000m }),
            ("cards", CardOnly));

        await AssertRefusedNamingAmountAsync(g.Gateway, g.Store, g.Providers, Request("huge-1", 300_000m, true, PaymentInstrument.MobileMoney(MpesaPhone)), "(KES 250000)");
    }

    [Fact]
    public async Task PayAsync_AboveAProvidersMaximum_RefusedOnlyWhenTheAmountIsTheOnlyObstacle()
    {
        using var g = new CustomGateway(null, ("daraja", SafaricomOnly with { MaxAmount = 250_000m }), ("cards", CardOnly));

        // Only Daraja serves a Safaricom wallet, and not this much: refused, nothing stored.
        await AssertRefusedNamingAmountAsync(g.Gateway, g.Store, g.Providers, Request("mpesa-1", 300_000m, true, PaymentInstrument.MobileMoney(MpesaPhone)), "(KES 250000)");

        // No provider serves an Airtel wallet at all: the amount is not the obstacle, so routing fails it as before.
        var airtel = await g.Gateway.PayAsync(Request("airtel-1", 300_000m, true, PaymentInstrument.MobileMoney(AirtelPhone)));
        Assert.Equal(PaymentStatus.Failed, airtel.Status);
        Assert.StartsWith("No configured provider can charge this payment", airtel.FailureReason, StringComparison.Ordinal);
        Assert.Contains("does not serve the Airtel network", airtel.FailureReason, StringComparison.Ordinal);

        // The payer's card has no maximum: charged.
        var card = await g.Gateway.PayAsync(Request("card-1", 300_000m, true, PaymentInstrument.MobileMoney(MpesaPhone), PaymentInstrument.Card(CardToken)));
        Assert.Equal(PaymentStatus.Succeeded, card.Status);
        Assert.Equal("cards", card.Provider);
        Assert.Empty(g["daraja"].Requests);
    }
}
