using Resilience.Payments.Testing;
using static Resilience.Payments.Tests.Gateway.GatewayTestKit;

namespace Resilience.Payments.Tests.Gateway;

public class RoutingTests
{
    [Fact]
    public async Task PayAsync_FailoverOrderConfigured_TriesProvidersInThatOrder()
    {
        using var h = new GatewayHarness(o =>
        {
            o.FailoverOrder.Add("paystack");
            o.FailoverOrder.Add("mpesa");
        });
        h["paystack"].Enqueue(FakeBehavior.NotProcessed());

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(["paystack", "mpesa"], result.Attempts.Select(a => a.Provider));
        Assert.Equal("mpesa", result.Provider);
        Assert.Single(h["paystack"].Requests);
        Assert.Empty(h["paystack"].Charges);
        Assert.Single(h["mpesa"].Charges);
        Assert.Empty(h["airtel"].Requests);
    }

    [Fact]
    public async Task PayAsync_NoFailoverOrder_TriesProvidersInRegistrationOrder()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed());
        h["paystack"].Enqueue(FakeBehavior.NotProcessed());

        var result = await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(["mpesa", "paystack", "airtel"], result.Attempts.Select(a => a.Provider));
        Assert.Single(h["airtel"].Charges);
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task PayAsync_PartialFailoverOrder_UnnamedProvidersFollowInRegistrationOrder()
    {
        using var h = new GatewayHarness(o => o.FailoverOrder.Add("airtel"));
        foreach (var p in h.Providers)
        {
            p.Otherwise(FakeBehavior.NotProcessed());
        }

        var result = await h.Gateway.PayAsync(GatewayHarness.Request(allowQueue: false));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(["airtel", "mpesa", "paystack"], result.Attempts.Select(a => a.Provider));
        Assert.Empty(h.AllCharges);
    }

    [Theory]
    [InlineData(CandidateOrdering.InstrumentFirst, new[] { "daraja:Safaricom", "aggregator:Safaricom", "aggregator:Airtel", "airtelmoney:Airtel", "aggregator:Card", "cards:Card" })]
    [InlineData(CandidateOrdering.ProviderFirst, new[] { "daraja:Safaricom", "aggregator:Safaricom", "aggregator:Airtel", "aggregator:Card", "airtelmoney:Airtel", "cards:Card" })]
    public async Task PayAsync_Ordering_TriesProviderInstrumentPairsInExpectedOrder(CandidateOrdering ordering, string[] expected)
    {
        using var g = new CustomGateway(
            o => o.Ordering = ordering,
            ("daraja", SafaricomOnly),
            ("aggregator", Everything),
            ("airtelmoney", AirtelOnly),
            ("cards", CardOnly));
        foreach (var p in g.Providers)
        {
            p.Otherwise(FakeBehavior.NotProcessed());
        }

        var result = await g.Gateway.PayAsync(Request(
            "order-1",
            150m,
            false,
            PaymentInstrument.MobileMoney(MpesaPhone),
            PaymentInstrument.MobileMoney(AirtelPhone),
            PaymentInstrument.Card(CardToken)));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(expected, result.Attempts.Select(Describe));
        Assert.Equal(Enumerable.Range(1, 6).Select(n => $"order-1-{n}"), Refs.Plain(result.Attempts.Select(a => a.Reference)));

        // The providers' own ledgers agree: each saw only instruments it can serve, in the same order.
        var seen = g.Providers
            .SelectMany(p => p.Requests.Select(r => (r.AttemptNumber, Text: $"{p.Name}:{Kind(r.Instrument)}")))
            .OrderBy(x => x.AttemptNumber)
            .Select(x => x.Text);
        Assert.Equal(expected, seen);
        Assert.Empty(g.AllCharges);
    }

    [Fact]
    public async Task PayAsync_AirtelOnlyProviderFirst_NeverAskedToChargeSafaricomNumber()
    {
        using var g = new CustomGateway(null, ("airtelmoney", AirtelOnly), ("daraja", SafaricomOnly));

        var result = await g.Gateway.PayAsync(Request("net-1", 100m, true, PaymentInstrument.MobileMoney(MpesaPhone)));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal("daraja", result.Provider);
        Assert.Empty(g["airtelmoney"].Requests);
        Assert.Single(g["daraja"].Requests);
        Assert.Single(g["daraja"].Charges);
    }

    [Fact]
    public async Task PayAsync_AirtelNumber_SafaricomOnlyProviderSkippedForAirtelProvider()
    {
        using var g = new CustomGateway(null, ("daraja", SafaricomOnly), ("airtelmoney", AirtelOnly));

        var result = await g.Gateway.PayAsync(Request("net-2", 100m, true, PaymentInstrument.MobileMoney(AirtelPhone)));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal("airtelmoney", result.Provider);
        Assert.Empty(g["daraja"].Requests);
        Assert.Single(g["airtelmoney"].Charges);
    }

    [Fact]
    public async Task PayAsync_CurrencyNotTakenByFirstProvider_SkipsToProviderTakingIt()
    {
        var kesCards = CardOnly with { Currencies = ["KES"] };
        var usdCards = CardOnly with { Currencies = ["USD"] };
        using var g = new CustomGateway(null, ("kes", kesCards), ("usd", usdCards));

        var result = await g.Gateway.PayAsync(Request("usd-1", new Money(25m, "USD"), true, PaymentInstrument.Card(CardToken)));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal("usd", result.Provider);
        Assert.Empty(g["kes"].Requests);
        Assert.Equal(new Money(25m, "USD"), Assert.Single(g["usd"].Charges).Amount);
    }

    [Fact]
    public async Task PayAsync_AmountOutsideLimits_SkipsProvidersByMinAndMax()
    {
        using var g = new CustomGateway(
            null,
            ("small", Everything with { MaxAmount = 1_000m }),
            ("big", Everything with { MinAmount = 1_000.01m }));

        var large = await g.Gateway.PayAsync(Request("big-1", 5_000m, true, PaymentInstrument.MobileMoney(MpesaPhone)));
        Assert.Equal("big", large.Provider);
        Assert.Empty(g["small"].Requests);

        var small = await g.Gateway.PayAsync(Request("small-1", 50m, true, PaymentInstrument.MobileMoney(MpesaPhone)));
        Assert.Equal("small", small.Provider);
        Assert.Single(g["big"].Requests);
        Assert.Equal(["big-1-1"], Refs.Plain(g["big"].Requests.Select(r => r.AttemptReference)));
        Assert.Equal(["small-1-1"], Refs.Plain(g["small"].Requests.Select(r => r.AttemptReference)));
    }

    [Fact]
    public async Task PayAsync_FractionalAmount_SkipsWholeUnitsOnlyProvider()
    {
        using var g = new CustomGateway(
            null,
            ("daraja", SafaricomOnly with { WholeUnitsOnly = true }),
            ("aggregator", Everything));

        var fractional = await g.Gateway.PayAsync(Request("frac-1", 10.50m, true, PaymentInstrument.MobileMoney(MpesaPhone)));
        Assert.Equal(PaymentStatus.Succeeded, fractional.Status);
        Assert.Equal("aggregator", fractional.Provider);
        Assert.Empty(g["daraja"].Requests);

        var whole = await g.Gateway.PayAsync(Request("whole-1", 10m, true, PaymentInstrument.MobileMoney(MpesaPhone)));
        Assert.Equal("daraja", whole.Provider);
        Assert.Single(g["daraja"].Requests);
        Assert.Single(g["aggregator"].Requests);
    }

    [Fact]
    public async Task PayAsync_NoProviderFits_FailsAtOnceNamingEveryUnfitPair()
    {
        using var g = new CustomGateway(null, ("daraja", SafaricomOnly), ("cards", CardOnly));

        var result = await g.Gateway.PayAsync(Request("nofit-1", 100m, true, PaymentInstrument.MobileMoney(AirtelPhone)));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Empty(result.Attempts);
        Assert.Null(result.NextAttemptAt);
        Assert.NotNull(result.FailureReason);
        Assert.Contains("daraja (mobile-money", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("does not serve the Airtel network", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("cards (mobile-money", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("does not take MobileMoney", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(g["daraja"].Requests);
        Assert.Empty(g["cards"].Requests);
        Assert.Equal(PaymentStatus.Failed, (await g.Store.GetAsync("nofit-1", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task PayAsync_MixedInstruments_ProviderOnlyReceivesInstrumentsItCanServe()
    {
        using var g = new CustomGateway(null, ("cards", CardOnly), ("airtelmoney", AirtelOnly), ("daraja", SafaricomOnly));
        foreach (var p in g.Providers)
        {
            p.Otherwise(FakeBehavior.NotProcessed());
        }

        var result = await g.Gateway.PayAsync(Request(
            "mixed-1",
            300m,
            false,
            PaymentInstrument.MobileMoney(MpesaPhone),
            PaymentInstrument.MobileMoney(AirtelPhone),
            PaymentInstrument.Card(CardToken)));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(3, result.Attempts.Count);
        Assert.All(g["cards"].Requests, r => Assert.Equal(InstrumentKind.Card, r.Instrument.Kind));
        Assert.All(g["airtelmoney"].Requests, r => Assert.Equal(MobileNetwork.Airtel, r.Instrument.Network));
        Assert.All(g["daraja"].Requests, r => Assert.Equal(MobileNetwork.Safaricom, r.Instrument.Network));
        Assert.Single(g["cards"].Requests);
        Assert.Single(g["airtelmoney"].Requests);
        Assert.Single(g["daraja"].Requests);
    }

    private static string Describe(PaymentAttempt attempt) => $"{attempt.Provider}:{Kind(attempt.Instrument)}";

    private static string Kind(PaymentInstrument instrument) =>
        instrument.Kind == InstrumentKind.MobileMoney ? instrument.Network.ToString() : instrument.Kind.ToString();
}
