using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

/// <summary>Every row of the refund mapping (PaystackRefundOutcomes), over real HTTP against stubbed answers.</summary>
public sealed class RefundMappingTests : IDisposable
{
    private const string QueuedTransaction = "\"transaction\":{\"id\":4099,\"reference\":\"park-001-1\",\"amount\":20000,\"currency\":\"KES\"}";

    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    private static string Refund(string status, string amount = "5025") =>
        "{\"status\":true,\"message\":\"Refund has been queued for processing\",\"data\":{" + QueuedTransaction + $$$""","id":3018284,"status":"{{{status}}}","amount":{{{amount}}},"currency":"KES","merchant_note":"rf-park-001-a"}}""";

    [Theory]
    [InlineData("pending", OutcomeKind.Pending)]
    [InlineData("processing", OutcomeKind.Pending)]
    [InlineData("needs-attention", OutcomeKind.Pending)]
    [InlineData("processed", OutcomeKind.Succeeded)]
    [InlineData("failed", OutcomeKind.Declined)]
    [InlineData("reversed", OutcomeKind.Unknown)]
    [InlineData("something_new", OutcomeKind.Unknown)]
    public async Task RefundAsync_DataStatus_MapsToOutcome(string status, OutcomeKind expected)
    {
        Stub(_server, "/refund", 200, Refund(status));

        var outcome = await Provider(_server).RefundAsync(PaystackTestKit.Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal("3018284", outcome.ProviderReference);
        if (expected is OutcomeKind.Pending or OutcomeKind.Succeeded or OutcomeKind.Declined)
        {
            Assert.Equal(Money.Kes(50.25m), outcome.Amount);
        }

        if (expected == OutcomeKind.Pending)
        {
            Assert.Equal(status, outcome.Code);
        }
    }

    [Fact]
    public async Task RefundAsync_SendsTheReferenceTheAmountInSubunitsAndTheRefundReferenceAsMerchantNote()
    {
        Stub(_server, "/refund", 200, Refund("pending"));

        await Provider(_server).RefundAsync(PaystackTestKit.Refund(50.25m), CancellationToken.None);

        var entry = _server.LogEntries.Single().RequestMessage!;
        Assert.Equal("POST", entry.Method);
        Assert.Equal("Bearer " + SecretKey, entry.Headers!["Authorization"].Single());
        using var body = JsonDocument.Parse(entry.Body!);
        var root = body.RootElement;
        Assert.Equal("park-001-1", root.GetProperty("transaction").GetString());
        Assert.Equal(5025, root.GetProperty("amount").GetInt64());
        Assert.Equal("KES", root.GetProperty("currency").GetString());
        Assert.Equal("rf-park-001-a", root.GetProperty("merchant_note").GetString());
        Assert.Equal("permit cancelled", root.GetProperty("customer_note").GetString());
    }

    [Theory]
    [InlineData(400, """{"status":false,"message":"Transaction has been fully reversed"}""", OutcomeKind.Declined, "fully_reversed")]
    [InlineData(400, """{"status":false,"message":"Refund amount cannot be more than the unrefunded transaction amount"}""", OutcomeKind.Declined, "amount_exceeds_refundable")]
    [InlineData(400, """{"status":false,"message":"Refund amount cannot be greater than transaction amount"}""", OutcomeKind.Declined, "amount_exceeds_refundable")]
    [InlineData(404, """{"status":false,"message":"Transaction not found"}""", OutcomeKind.NotProcessed, "transaction_not_found")]
    [InlineData(400, """{"status":false,"message":"Transaction not found"}""", OutcomeKind.NotProcessed, "transaction_not_found")]
    [InlineData(401, """{"status":false,"message":"Invalid key"}""", OutcomeKind.NotProcessed, "401")]
    [InlineData(400, """{"status":false,"message":"Currency is not supported"}""", OutcomeKind.NotProcessed, "400")]
    [InlineData(403, """{"status":false,"message":"Forbidden"}""", OutcomeKind.NotProcessed, "403")]
    [InlineData(422, """{"status":false,"message":"Invalid amount"}""", OutcomeKind.NotProcessed, "422")]
    [InlineData(429, """{"status":false,"message":"Too many requests"}""", OutcomeKind.NotProcessed, "429")]
    [InlineData(200, """{"status":false,"message":"Invalid transaction"}""", OutcomeKind.NotProcessed, "validation")]
    [InlineData(500, """{"status":false,"message":"An error occurred"}""", OutcomeKind.Unknown, "500")]
    [InlineData(502, "<html>Bad gateway</html>", OutcomeKind.Unknown, "502")]
    [InlineData(503, """{"status":false,"message":"Service unavailable"}""", OutcomeKind.Unknown, "503")]
    [InlineData(504, "", OutcomeKind.Unknown, "504")]
    [InlineData(200, "<html>ok</html>", OutcomeKind.Unknown, "unreadable")]
    [InlineData(200, """{"status":true,"message":"Refund has been queued for processing"}""", OutcomeKind.Unknown, "no_status")]
    [InlineData(200, """{"status":true,"data":{"id":3018284}}""", OutcomeKind.Unknown, "no_status")]
    public async Task RefundAsync_Answer_MapsToOutcome(int status, string body, OutcomeKind expected, string code)
    {
        Stub(_server, "/refund", status, body);

        var outcome = await Provider(_server).RefundAsync(PaystackTestKit.Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Null(outcome.ProviderReference); // never the refund's own reference: the gateway queries Paystack by it
    }

    [Fact]
    public async Task RefundAsync_NoAnswerInTime_IsUnknownWithoutAProviderReference()
    {
        _server.Given(Request.Create().WithPath("/refund").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody(Refund("pending")).WithDelay(TimeSpan.FromSeconds(5)));

        var outcome = await Provider(new Uri(_server.Url!), TimeSpan.FromMilliseconds(300)).RefundAsync(PaystackTestKit.Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("timeout", outcome.Code);
        Assert.Null(outcome.ProviderReference);
    }

    [Fact]
    public async Task RefundAsync_NothingListening_IsNotProcessed()
    {
        var outcome = await Provider(ClosedPort()).RefundAsync(PaystackTestKit.Refund(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("connection_failed", outcome.Code);
    }

    [Theory]
    [InlineData("pending", OutcomeKind.Pending)]
    [InlineData("processing", OutcomeKind.Pending)]
    [InlineData("needs-attention", OutcomeKind.Pending)]
    [InlineData("processed", OutcomeKind.Succeeded)]
    [InlineData("failed", OutcomeKind.Declined)]
    [InlineData("odd", OutcomeKind.Unknown)]
    public async Task QueryRefundAsync_WithTheRefundId_FetchesIt(string status, OutcomeKind expected)
    {
        Stub(_server, "/refund/3018284", 200, $$$"""{"status":true,"message":"Refund retrieved","data":{"id":3018284,"transaction":4099,"status":"{{{status}}}","amount":5025,"currency":"KES"}}""", get: true);

        var outcome = await Provider(_server).QueryRefundAsync(PaystackTestKit.Refund(refundId: "3018284"), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        if (expected == OutcomeKind.Succeeded)
        {
            Assert.Equal(Money.Kes(50.25m), outcome.Amount);
            Assert.Equal("3018284", outcome.ProviderReference);
        }
    }

    [Theory]
    [InlineData(404, """{"status":false,"message":"Refund not found"}""")]
    [InlineData(400, """{"status":false,"message":"Invalid id"}""")]
    [InlineData(500, "oops")]
    [InlineData(200, """{"status":true,"data":{"id":3018284}}""")]
    public async Task QueryRefundAsync_FetchAnswersNothingUsable_IsUnknown_NeverNotProcessed(int status, string body)
    {
        Stub(_server, "/refund/3018284", status, body, get: true);
        var outcome = await Provider(_server).QueryRefundAsync(PaystackTestKit.Refund(refundId: "3018284"), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("3018284", outcome.ProviderReference);
    }

    private void StubVerify() =>
        Stub(_server, "/transaction/verify/park-001-1", 200, """{"status":true,"data":{"id":4099,"reference":"park-001-1","status":"success","amount":20000,"currency":"KES"}}""", get: true);

    private static string Listing(params string[] refunds) => $$$"""{"status":true,"message":"Refunds retrieved","data":[{{{string.Join(",", refunds)}}}]}""";

    private static string Listed(long id, string status, long amount, string? note) =>
        $$$"""{"id":{{{id}}},"transaction":4099,"status":"{{{status}}}","amount":{{{amount}}},"currency":"KES","merchant_note":{{{(note is null ? "null" : "\"" + note + "\"")}}}}""";

    [Theory]
    [InlineData("processed", OutcomeKind.Succeeded)]
    [InlineData("pending", OutcomeKind.Pending)]
    [InlineData("failed", OutcomeKind.Declined)]
    public async Task QueryRefundAsync_WithoutTheId_ListsTheTransactionsRefundsAndFindsItsMerchantNote(string status, OutcomeKind expected)
    {
        StubVerify();
        Stub(_server, "/refund", 200, Listing(Listed(11, "processed", 5025, "rf-park-001-other"), Listed(12, status, 5025, "rf-park-001-a")), get: true);

        var outcome = await Provider(_server).QueryRefundAsync(PaystackTestKit.Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal("12", outcome.ProviderReference);
        var list = _server.LogEntries[^1].RequestMessage!;
        Assert.Equal("4099", list.Query!["transaction"].Single()); // the listing filters by the transaction's id, read from verify
    }

    [Fact]
    public async Task QueryRefundAsync_NotListed_IsUnknownInsideTheSettleWindowThenNotProcessed()
    {
        StubVerify();
        Stub(_server, "/refund", 200, Listing(Listed(11, "processed", 5025, "rf-park-001-other")), get: true);
        var time = new FakeTimeProvider(Start);
        var provider = Provider(new Uri(_server.Url!), time: time, configure: o => o.NotFoundSettleTime = TimeSpan.FromMinutes(2));
        var request = PaystackTestKit.Refund(); // last in flight at Start + 5 s

        time.Advance(TimeSpan.FromMinutes(2));
        var early = await provider.QueryRefundAsync(request, CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, early.Kind);
        Assert.Equal("not_found", early.Code);

        time.Advance(TimeSpan.FromSeconds(5));
        var late = await provider.QueryRefundAsync(request, CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, late.Kind);
        Assert.Equal("not_found", late.Code);
    }

    [Theory]
    [InlineData(null)] // a refund of the same amount without a note could be this one
    [InlineData("")]
    public async Task QueryRefundAsync_ASameAmountRefundWithoutANote_IsUnknownEvenAfterTheWindow(string? note)
    {
        StubVerify();
        Stub(_server, "/refund", 200, Listing(Listed(11, "processed", 5025, note)), get: true);
        var time = new FakeTimeProvider(Start + TimeSpan.FromHours(1));
        var outcome = await Provider(new Uri(_server.Url!), time: time).QueryRefundAsync(PaystackTestKit.Refund(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("ambiguous", outcome.Code);
    }

    [Fact]
    public async Task QueryRefundAsync_TwoRefundsCarryingTheReference_IsUnknown()
    {
        StubVerify();
        Stub(_server, "/refund", 200, Listing(Listed(11, "processed", 5025, "rf-park-001-a"), Listed(12, "pending", 5025, "rf-park-001-a")), get: true);
        var outcome = await Provider(_server).QueryRefundAsync(PaystackTestKit.Refund(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("ambiguous", outcome.Code);
    }

    [Theory]
    [InlineData(404, """{"status":false,"message":"Transaction reference not found"}""")]
    [InlineData(500, "oops")]
    [InlineData(200, """{"status":true,"data":{"reference":"park-001-1"}}""")]
    public async Task QueryRefundAsync_VerifyGivesNoTransactionId_IsUnknown(int status, string body)
    {
        Stub(_server, "/transaction/verify/park-001-1", status, body, get: true);
        var time = new FakeTimeProvider(Start + TimeSpan.FromHours(1));
        var outcome = await Provider(new Uri(_server.Url!), time: time).QueryRefundAsync(PaystackTestKit.Refund(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("no_transaction_id", outcome.Code);
    }

    [Theory]
    [InlineData(500, "oops")]
    [InlineData(200, """{"status":true,"data":{}}""")]
    [InlineData(401, """{"status":false,"message":"Invalid key"}""")]
    public async Task QueryRefundAsync_ListingUnusable_IsUnknown(int status, string body)
    {
        StubVerify();
        Stub(_server, "/refund", status, body, get: true);
        var time = new FakeTimeProvider(Start + TimeSpan.FromHours(1));
        var outcome = await Provider(new Uri(_server.Url!), time: time).QueryRefundAsync(PaystackTestKit.Refund(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public void RefundCapabilities_PartialSeveralAsynchronous()
    {
        var capabilities = Provider(_server).RefundCapabilities;
        Assert.True(capabilities.Supported);
        Assert.True(capabilities.Partial);
        Assert.False(capabilities.OnePerCharge);
        Assert.True(capabilities.Asynchronous);
        Assert.False(capabilities.WholeUnitsOnly);
        Assert.Empty(capabilities.FullOnlyFor);
    }
}
