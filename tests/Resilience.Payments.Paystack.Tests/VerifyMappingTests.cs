using Microsoft.Extensions.Time.Testing;
using WireMock.Server;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

public sealed class VerifyMappingTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    [Theory]
    [InlineData("success", OutcomeKind.Succeeded)]
    [InlineData("failed", OutcomeKind.Declined)]
    [InlineData("abandoned", OutcomeKind.Pending)] // a checkout stays payable: Paystack sessions never expire by default
    [InlineData("reversed", OutcomeKind.Declined)]
    [InlineData("pending", OutcomeKind.Pending)]
    [InlineData("ongoing", OutcomeKind.Pending)]
    [InlineData("mystery", OutcomeKind.Unknown)]
    public async Task Verify_DataStatus_MapsToOutcome(string status, OutcomeKind expected)
    {
        Stub(_server, "/transaction/verify/park-001-1", 200, $$$"""
            {"status":true,"message":"Verification successful","data":{"id":4099,"reference":"park-001-1","status":"{{{status}}}",
             "gateway_response":"Approved","amount":20000,"currency":"KES","channel":"card"}}
            """, get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(expected, outcome.Kind);
        if (expected == OutcomeKind.Succeeded)
        {
            Assert.Equal("park-001-1", outcome.Receipt);
        }

        Assert.Equal("Bearer " + SecretKey, _server.LogEntries.Single().RequestMessage!.Headers!["Authorization"].Single());
    }

    [Theory]
    [InlineData(404, """{"status":false,"message":"Transaction reference not found"}""", OutcomeKind.NotProcessed)]
    [InlineData(404, """{"status":false,"message":"Route not found"}""", OutcomeKind.Unknown)]
    [InlineData(401, """{"status":false,"message":"Invalid key"}""", OutcomeKind.Unknown)]
    [InlineData(429, """{"status":false,"message":"Too many"}""", OutcomeKind.Unknown)]
    [InlineData(500, """{"status":false,"message":"Oops"}""", OutcomeKind.Unknown)]
    [InlineData(503, "", OutcomeKind.Unknown)]
    [InlineData(200, """{"status":false,"message":"?"}""", OutcomeKind.Unknown)]
    [InlineData(200, "garbage", OutcomeKind.Unknown)]
    [InlineData(400, """{"status":false,"message":"Transaction reference not found","meta":{"nextStep":"Ensure that you're passing the reference of a transaction that exists on this integration"},"type":"validation_error","code":"transaction_not_found"}""", OutcomeKind.NotProcessed)]
    [InlineData(400, """{"status":false,"message":"Transaction reference not found"}""", OutcomeKind.NotProcessed)]
    [InlineData(500, """{"status":false,"message":"Transaction reference not found"}""", OutcomeKind.Unknown)]
    [InlineData(400, """{"status":false,"message":"Invalid reference"}""", OutcomeKind.Unknown)]
    public async Task Verify_HttpRows_MapToOutcome(int status, string body, OutcomeKind expected)
    {
        Stub(_server, "/transaction/verify/park-001-1", status, body, get: true);
        var time = new FakeTimeProvider(Start + TimeSpan.FromHours(1)); // long after the attempt: "not found" is conclusive
        var outcome = await Provider(new Uri(_server.Url!), time: time).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(expected, outcome.Kind);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(400)]
    public async Task Verify_NotFoundWithinSettleWindow_IsUnknownThenNotProcessedAfterIt(int status)
    {
        Stub(_server, "/transaction/verify/park-001-1", status, """{"status":false,"message":"Transaction reference not found"}""", get: true);
        var time = new FakeTimeProvider(Start);
        var provider = Provider(new Uri(_server.Url!), time: time, configure: o => o.NotFoundSettleTime = TimeSpan.FromMinutes(2));
        var request = Status() with { StartedAt = Start, LastInFlightAt = Start + TimeSpan.FromSeconds(30), ObservedDelay = TimeSpan.FromSeconds(10) };

        time.Advance(TimeSpan.FromSeconds(31.5)); // the reconciler's first check: the /charge may still be queued at Paystack
        var early = await provider.QueryStatusAsync(request, CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, early.Kind);
        Assert.Equal("not_found", early.Code);

        time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1.5)); // 30 s + 2 min, but not the observed delay
        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);

        time.Advance(TimeSpan.FromSeconds(10)); // LastInFlightAt + NotFoundSettleTime + ObservedDelay
        var late = await provider.QueryStatusAsync(request, CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, late.Kind);
        Assert.Equal("not_found", late.Code);
    }

    [Fact]
    public async Task Verify_Abandoned_IsPendingUntilThePaymentSessionTimeoutHasPassed()
    {
        Stub(_server, "/transaction/verify/park-001-1", 200, """{"status":true,"message":"Verification successful","data":{"id":4099,"reference":"park-001-1","status":"abandoned","amount":20000,"currency":"KES","gateway_response":"The transaction was not completed"}}""", get: true);
        var time = new FakeTimeProvider(Start);
        var forever = Provider(new Uri(_server.Url!), time: time);
        var timed = Provider(new Uri(_server.Url!), time: time, configure: o => o.PaymentSessionTimeout = TimeSpan.FromMinutes(30));
        var request = Status();

        time.Advance(TimeSpan.FromMinutes(31)); // past the session, not past the in-flight time + settle window + session
        Assert.Equal(OutcomeKind.Pending, (await timed.QueryStatusAsync(request, CancellationToken.None)).Kind);

        time.Advance(TimeSpan.FromMinutes(2));
        var expired = await timed.QueryStatusAsync(request, CancellationToken.None);
        Assert.Equal(OutcomeKind.Declined, expired.Kind);
        Assert.Equal("abandoned", expired.Code);

        time.Advance(TimeSpan.FromDays(30)); // Paystack's default: sessions never expire
        var still = await forever.QueryStatusAsync(request, CancellationToken.None);
        Assert.Equal(OutcomeKind.Pending, still.Kind);
        Assert.Equal("abandoned", still.Code);
    }

    [Theory]
    [InlineData("""{"amount":100,"currency":"KES"}""", "KES", "1")]
    [InlineData("""{"amount":250000,"currency":"NGN"}""", "NGN", "2500")]
    [InlineData("""{"amount":"20050","currency":"kes"}""", "KES", "200.5")]
    [InlineData("""{"amount":2500,"currency":"UGX"}""", "UGX", "2500")] // no minor units: the subunit is the unit
    public async Task Verify_Success_ReportsTheAmountInMajorUnits(string amountAndCurrency, string currency, string major)
    {
        var fields = amountAndCurrency.Trim('{', '}');
        Stub(_server, "/transaction/verify/park-001-1", 200, $$$"""{"status":true,"data":{"id":4099,"reference":"park-001-1","status":"success",{{{fields}}},"paid_at":"2026-07-24T03:00:05.000Z"}}""", get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new Money(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), currency), outcome.Amount);
        Assert.Equal(new DateTimeOffset(2026, 7, 24, 3, 0, 5, TimeSpan.Zero), outcome.OccurredAt);
    }

    [Theory]
    [InlineData("""{"status":"success","currency":"KES"}""")]
    [InlineData("""{"status":"success","amount":20000}""")]
    [InlineData("""{"status":"success","amount":20000,"currency":"XYZ"}""")]
    [InlineData("""{"status":"success","amount":-1,"currency":"KES"}""")]
    [InlineData("""{"status":"success","amount":200.5,"currency":"KES"}""")]
    public async Task Verify_SuccessWithoutReadableAmount_IsUnknownNeverSucceeded(string data)
    {
        Stub(_server, "/transaction/verify/park-001-1", 200, $$"""{"status":true,"data":{{data}}}""", get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("no_amount", outcome.Code);
    }

    [Theory]
    [InlineData("254712345678", "254712345678")]
    [InlineData("+254712345678", "+254712345678")]
    [InlineData("0712345678", "0712345678")]
    [InlineData("0712XXX678", null)] // masked: cannot be compared
    [InlineData("2547****5678", null)]
    [InlineData("", null)]
    public async Task Verify_MobileMoneySuccess_ReportsOnlyAWholePayerNumber(string number, string? expected)
    {
        Stub(_server, "/transaction/verify/park-001-1", 200, $$$$"""{"status":true,"data":{"reference":"park-001-1","status":"success","amount":20000,"currency":"KES","channel":"mobile_money","authorization":{"channel":"mobile_money","mobile_money_number":"{{{{number}}}}"},"customer":{"phone":"254799999999"}}}""", get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(expected, outcome.Payer); // never customer.phone: the customer record is shared by payers (DefaultEmail)
    }
}
