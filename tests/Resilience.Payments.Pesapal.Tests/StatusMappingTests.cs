using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>Every row of the GetTransactionStatus mapping, over real HTTP against WireMock stubs.</summary>
public sealed class StatusMappingTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public StatusMappingTests() => StubAuth(_server);

    public void Dispose() => _server.Stop();

    [Theory]
    [InlineData(0, "INVALID", OutcomeKind.Pending, "INVALID")]
    [InlineData(1, "COMPLETED", OutcomeKind.Succeeded, "COMPLETED")]
    [InlineData(2, "FAILED", OutcomeKind.Declined, "FAILED")]
    [InlineData(3, "REVERSED", OutcomeKind.Declined, "REVERSED")]
    [InlineData(7, "SOMETHING_NEW", OutcomeKind.Unknown, "7")]
    public async Task Status_StatusCode_MapsToOutcome(int code, string description, OutcomeKind expected, string expectedCode)
    {
        Stub(_server, StatusPath, 200, StatusBody(code, description), get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(expectedCode, outcome.Code);
        Assert.Equal(TrackingId, outcome.ProviderReference);
        if (expected == OutcomeKind.Succeeded)
        {
            Assert.Equal("SGR7LK2PQ1", outcome.Receipt);
            Assert.Equal(Money.Kes(200.50m), outcome.Amount);
            Assert.Null(outcome.Payer); // "2547****5678" is masked: not comparable
        }

        if (code == 2)
        {
            Assert.Equal("Insufficient balance", outcome.Reason);
        }

        var request = _server.LogEntries.Last(e => e.RequestMessage!.AbsolutePath == StatusPath).RequestMessage!;
        Assert.Equal(TrackingId, request.Query!["orderTrackingId"].Single());
        Assert.Equal("Bearer " + TokenValue, request.Headers!["Authorization"].Single());
    }

    private static string Completed(string fields) =>
        "{" + fields + $$""","confirmation_code":"SGR7LK2PQ1","payment_status_description":"Completed","status_code":1,"merchant_reference":"park-001-1","error":{"error_type":null,"code":null,"message":null,"call_back_url":null},"status":"200"}""";

    [Theory]
    [InlineData("\"amount\":1,\"currency\":\"KES\"", "KES", "1")]
    [InlineData("\"amount\":200.5,\"currency\":\"USD\"", "USD", "200.5")]
    [InlineData("\"amount\":\"2500.00\",\"currency\":\"kes\"", "KES", "2500")]
    public async Task Status_Completed_ReportsTheAmountPaidInMajorUnits(string fields, string currency, string amount)
    {
        Stub(_server, StatusPath, 200, Completed(fields), get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency), outcome.Amount);
    }

    [Theory]
    [InlineData("\"currency\":\"KES\"")]
    [InlineData("\"amount\":200.5")]
    [InlineData("\"amount\":200.5,\"currency\":\"XYZ\"")]
    [InlineData("\"amount\":200.555,\"currency\":\"KES\"")]
    [InlineData("\"amount\":null,\"currency\":\"KES\"")]
    public async Task Status_CompletedWithoutReadableAmount_IsUnknownNeverSucceeded(string fields)
    {
        Stub(_server, StatusPath, 200, Completed(fields), get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("no_amount", outcome.Code);
    }

    [Theory]
    [InlineData("254722000111", "254722000111")]
    [InlineData("0722000111", "0722000111")]
    [InlineData("2547****0111", null)]
    [InlineData("476173**0010", null)] // a masked card
    [InlineData("", null)]
    public async Task Status_Completed_ReportsOnlyAWholePhoneNumberAsPayer(string account, string? expected)
    {
        Stub(_server, StatusPath, 200, Completed($$"""
            "amount":200.5,"currency":"KES","payment_method":"MpesaKE","payment_account":"{{account}}"
            """.Trim()), get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(expected, outcome.Payer);
    }

    [Theory]
    [InlineData("2026-07-24T03:01:00.000Z", "2026-07-24T03:01:00+00:00")]
    [InlineData("2026-07-24T06:01:00+03:00", "2026-07-24T03:01:00+00:00")]
    [InlineData("2022-04-30T07:41:09.763", null)] // Pesapal's published sample: no offset, no guess
    [InlineData("yesterday", null)]
    public async Task Status_Completed_ReportsTheTimeOnlyWithAnOffset(string created, string? expected)
    {
        Stub(_server, StatusPath, 200, Completed($$"""
            "amount":200.5,"currency":"KES","created_date":"{{created}}"
            """.Trim()), get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), outcome.OccurredAt);
    }

    [Fact]
    public async Task Status_UnpaidWithErrorObjectThatIsNotAnError_IsPending()
    {
        // What Pesapal really sends for an order nobody has paid yet: status_code 0 with an error object and status "500".
        Stub(_server, StatusPath, 200, """
            {"payment_method":"","amount":200.5,"created_date":"2026-07-24T06:01:00.000Z","confirmation_code":"","payment_status_description":"INVALID",
             "description":"","message":"Request processed successfully","payment_account":"","call_back_url":"https://county.example/paid","status_code":0,
             "merchant_reference":"park-001-1","currency":"KES","error":{"error_type":"api_error","code":"payment_details_not_found","message":"Pending Payment","call_back_url":"https://county.example/paid"},"status":"500"}
            """, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
    }

    [Theory]
    [InlineData(200, """{"error":{"error_type":"api_error","code":"invalid_order_tracking_id","message":"Invalid order tracking id"},"status":"500"}""", "invalid_order_tracking_id")]
    [InlineData(500, """{"error":{"type":"error","code":"server_error","message":"oops"},"status":"500"}""", "server_error")]
    [InlineData(500, "<html>", "500")]
    [InlineData(503, "", "503")]
    [InlineData(429, "", "429")]
    [InlineData(200, "not json", "200")]
    [InlineData(200, """{"status_code":"one","status":"200"}""", "200")]
    [InlineData(200, """{"status_code":"1.0","status":"200"}""", "200")]
    [InlineData(200, """{"status_code":true,"status":"200"}""", "200")]
    public async Task Status_NoReadableStatusCode_IsUnknownNeverNotProcessed(int status, string body, string code)
    {
        Stub(_server, StatusPath, status, body, get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Equal(TrackingId, outcome.ProviderReference);
    }

    [Theory]
    [InlineData("\"1\"", OutcomeKind.Succeeded)]
    [InlineData("\" 2 \"", OutcomeKind.Declined)]
    [InlineData("\"0\"", OutcomeKind.Pending)]
    public async Task Status_StatusCodeAsDigitsInAString_IsReadAsTheNumber(string statusCode, OutcomeKind expected)
    {
        Stub(_server, StatusPath, 200, $$"""{"payment_method":"M-Pesa","amount":200.5,"confirmation_code":"SGR7LK2PQ1","payment_status_description":"x","status_code":{{statusCode}},"currency":"KES","status":"200"}""", get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(expected, outcome.Kind);
    }

    [Fact]
    public async Task Status_StatusCodeOneAsAStringWithoutAmount_IsUnknown()
    {
        Stub(_server, StatusPath, 200, """{"status_code":"1","status":"200"}""", get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("no_amount", outcome.Code);
    }

    [Fact]
    public async Task Status_WithoutTrackingId_IsNotProcessedWithoutAnyRequest()
    {
        var outcome = await Provider(_server).QueryStatusAsync(Status(trackingId: null), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("no_order", outcome.Code);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task Status_TrackingIdOfAnotherOrder_IsUnknown()
    {
        Stub(_server, StatusPath, 200, StatusBody(1, "COMPLETED", reference: "other-9"), get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("reference_mismatch", outcome.Code);
    }

    [Fact]
    public async Task Status_NoReplyWithinTimeout_IsUnknown()
    {
        _server.Given(Request.Create().WithPath(StatusPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(StatusBody(1, "COMPLETED")).WithDelay(TimeSpan.FromSeconds(6)));
        using var provider = Provider(_server, TimeSpan.FromSeconds(2));
        await provider.QueryStatusAsync(Status(), CancellationToken.None); // caches the token (its first request may be slow on a cold server)
        var outcome = await provider.QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("timeout", outcome.Code);
    }

    [Fact]
    public async Task Status_ConnectionRefused_IsUnknown()
    {
        var outcome = await Provider(ClosedPort()).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }
}
