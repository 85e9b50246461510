using System.Text.Json;
using CsCheck;
using Resilience.Payments.Mpesa.Internal;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>
/// An STK push whose reply was lost has no CheckoutRequestID, so no STK query: with <see cref="DarajaOptions.UsePullTransactions"/>
/// it is matched against the short code's statement (Pull Transactions API) by account reference, amount, payer and time.
/// </summary>
public sealed class StatementReconciliationTests
{
    private const string PullPath = "/pulltransactions/v1/query";

    private static ProviderStatusRequest Unanswered(decimal amount = 100, string accountReference = "KCA123X") => new()
    {
        PaymentKey = "pay-1",
        AttemptReference = "pay-1-1",
        Amount = Money.Kes(amount),
        Instrument = new MobileMoneyInstrument(PhoneNumber.Parse("0712345678")),
        StartedAt = DarajaStub.Start,
        AccountReference = accountReference,
    };

    private static string Page(params string[] entries) =>
        $$"""{"ResponseRefID":"4c31-8d77-1","ResponseCode":"1000","ResponseMessage":"Success","Response":[[{{string.Join(",", entries)}}]]}""";

    private static string Entry(string id, string msisdn = "254712345678", string bill = "KCA123X", string amount = "100.0", string date = "2021-06-28 09:24:40") =>
        $$"""{"transactionId":"{{id}}","trxDate":"{{date}}","msisdn":"{{msisdn}}","sender":"UATAPI","transactiontype":"c2b-pay-bill-debit","billreference":"{{bill}}","amount":"{{amount}}","organizationname":"County"}""";

    private static void Pull(DarajaStub stub, string firstPage)
    {
        stub.Server.Given(Request.Create().WithPath(PullPath).UsingPost().WithBody(b => b != null && b.Contains("\"OffSetValue\":\"0\"", StringComparison.Ordinal)))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(firstPage));
        stub.Server.Given(Request.Create().WithPath(PullPath).UsingPost().WithBody(b => b != null && !b.Contains("\"OffSetValue\":\"0\"", StringComparison.Ordinal)))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Page()));
    }

    private static DarajaPaymentProvider Provider(DarajaStub stub) => stub.Provider(configure: o =>
    {
        o.UsePullTransactions = true;
        o.StatementSettleTime = TimeSpan.FromMinutes(5);
    });

    [Fact]
    public async Task QueryStatusAsync_OneMatchingStatementEntry_SucceedsWithItsReceipt()
    {
        using var stub = new DarajaStub();
        Pull(stub, Page(Entry("QGH1ABCDEF"), Entry("QGH2OTHER1", bill: "KBZ999Y")));
        using var provider = Provider(stub);
        stub.Time.Advance(TimeSpan.FromMinutes(1));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal("QGH1ABCDEF", outcome.Receipt);
        Assert.Equal("QGH1ABCDEF", outcome.ProviderReference);
        Assert.Equal(Money.Kes(100), outcome.Amount); // what the statement says moved, checked by the gateway (safety rule 8)
        Assert.Equal("254712345678", outcome.Payer);
        Assert.Equal(new DateTimeOffset(2021, 6, 28, 9, 24, 40, TimeSpan.FromHours(3)), outcome.OccurredAt);
        var body = JsonDocument.Parse(stub.Server.LogEntries.First(e => e.RequestMessage!.Path == PullPath).RequestMessage!.Body!).RootElement;
        Assert.Equal("174379", body.GetProperty("ShortCode").GetString());
        Assert.Equal("2021-06-28 09:23:08", body.GetProperty("StartDate").GetString()); // Nairobi time, a minute of skew before the push
    }

    [Fact]
    public async Task QueryStatusAsync_MaskedPayer_ReportsAmountAndTimeButNoPayer()
    {
        using var stub = new DarajaStub();
        Pull(stub, Page(Entry("QGH1ABCDEF", msisdn: "2547*****678")));
        using var provider = Provider(stub);
        stub.Time.Advance(TimeSpan.FromMinutes(1));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(Money.Kes(100), outcome.Amount);
        Assert.Null(outcome.Payer); // a masked number cannot be compared: not reported rather than reported wrong
    }

    [Theory]
    [InlineData("1.0", 1)]
    [InlineData("99.0", 1)]
    [InlineData("1.0", 6)]
    [InlineData("150.0", 6)]
    public async Task QueryStatusAsync_UnderOrWrongAmountEntry_IsNeverSucceeded(string amount, int minutes)
    {
        using var stub = new DarajaStub();
        Pull(stub, Page(Entry("QGH1ABCDEF", amount: amount)));
        using var provider = Provider(stub);
        stub.Time.Advance(TimeSpan.FromMinutes(minutes));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.NotEqual(OutcomeKind.Succeeded, outcome.Kind); // an STK push's amount is fixed: another amount is another payment
    }

    [Theory]
    [InlineData(2, 0)] // in flight until 2 minutes after it started
    [InlineData(0, 2)] // the provider is 2 minutes slower than usual
    public async Task QueryStatusAsync_NoEntry_WindowCountsFromLastInFlightAndStretchesWithObservedDelay(int inFlightMinutes, int delayMinutes)
    {
        using var stub = new DarajaStub();
        Pull(stub, Page());
        using var provider = Provider(stub);
        var request = Unanswered() with { LastInFlightAt = DarajaStub.Start.AddMinutes(inFlightMinutes), ObservedDelay = TimeSpan.FromMinutes(delayMinutes) };
        stub.Time.Advance(TimeSpan.FromMinutes(6)); // past StartedAt + 5 min settle time, within the stretched window

        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);

        stub.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_NoEntryBeforeSettleTime_StaysUnknown()
    {
        using var stub = new DarajaStub();
        Pull(stub, Page());
        using var provider = Provider(stub);
        stub.Time.Advance(TimeSpan.FromMinutes(2));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_NoEntryAfterSettleTime_IsNotProcessed()
    {
        using var stub = new DarajaStub();
        Pull(stub, Page(Entry("QGH2OTHER1", amount: "150.0")));
        using var provider = Provider(stub);
        stub.Time.Advance(TimeSpan.FromMinutes(6));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_TwoMatchingEntries_StaysUnknownForAPerson()
    {
        using var stub = new DarajaStub();
        Pull(stub, Page(Entry("QGH1ABCDEF"), Entry("QGH3ABCDEF", msisdn: "2547*****678")));
        using var provider = Provider(stub);
        stub.Time.Advance(TimeSpan.FromMinutes(6));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Contains("2 statement entries", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryStatusAsync_AnotherPayersEntry_DoesNotMatch()
    {
        using var stub = new DarajaStub();
        Pull(stub, Page(Entry("QGH1ABCDEF", msisdn: "254799999999")));
        using var provider = Provider(stub);
        stub.Time.Advance(TimeSpan.FromMinutes(6));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Theory]
    [InlineData(500, """{"requestId":"1","errorCode":"500.003.02","errorMessage":"Spike arrest"}""")]
    [InlineData(200, """{"ResponseCode":"1001","ResponseMessage":"Shortcode not registered"}""")]
    [InlineData(503, "Service Unavailable")]
    public async Task QueryStatusAsync_StatementUnavailable_IsUnknownNeverNotProcessed(int status, string body)
    {
        using var stub = new DarajaStub();
        stub.Server.Given(Request.Create().WithPath(PullPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
        using var provider = Provider(stub);
        stub.Time.Advance(TimeSpan.FromHours(1));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_PullTransactionsOff_IsUnknownWithoutCalling()
    {
        using var stub = new DarajaStub();
        using var provider = stub.Provider();
        stub.Time.Advance(TimeSpan.FromHours(1));

        var outcome = await provider.QueryStatusAsync(Unanswered(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.DoesNotContain(stub.Server.LogEntries, e => e.RequestMessage!.Path == PullPath);
    }

    [Fact]
    public void Match_RandomStatements_OnlyEntriesWithSameReferenceAmountAndWindow()
    {
        var start = DarajaStub.Start;
        var genEntry = Gen.Select(Gen.Int[0, 3], Gen.Int[-5, 15], Gen.Int[0, 2], Gen.Int[0, 2]).Select((bill, minutes, amount, payer) => new DarajaStatementEntry(
            "T" + bill + minutes + amount + payer,
            start.AddMinutes(minutes),
            payer switch { 0 => "254712345678", 1 => "254700000001", _ => "2547****5678" },
            "KCA12" + bill + "X",
            100 + amount));
        genEntry.Array[0, 12].Sample(entries =>
        {
            var matches = DarajaStatement.Match(entries, "kca120x", 100, "254712345678", start, start.AddMinutes(10));
            foreach (var m in matches)
            {
                Assert.Equal("KCA120X", m.BillReference);
                Assert.Equal(100, m.Amount);
                Assert.InRange(m.Time, start - DarajaStatement.ClockSkew, start.AddMinutes(10));
                Assert.NotEqual("254700000001", m.Msisdn);
            }

            var expected = entries.Where(e => e.BillReference == "KCA120X" && e.Amount == 100 && e.Time >= start - DarajaStatement.ClockSkew
                && e.Time <= start.AddMinutes(10) && e.Msisdn != "254700000001").Select(e => e.TransactionId).Distinct().Count();
            Assert.Equal(expected, matches.Count);
        }, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void TryReadPage_RandomBytes_NeverThrows()
    {
        Gen.String.Sample(text =>
        {
            using var doc = TryParse(text);
            if (doc is not null)
            {
                _ = DarajaStatement.TryReadPage(doc.RootElement, [], out _);
            }
        }, seed: "0N0XIzNsQ0O2");
    }

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
