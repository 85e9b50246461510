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
        }

        if (code == 2)
        {
            Assert.Equal("Insufficient balance", outcome.Reason);
        }

        var request = _server.LogEntries.Last(e => e.RequestMessage!.AbsolutePath == StatusPath).RequestMessage!;
        Assert.Equal(TrackingId, request.Query!["orderTrackingId"].Single());
        Assert.Equal("Bearer " + TokenValue, request.Headers!["Authorization"].Single());
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
    [InlineData(200, """{"status_code":"1","status":"200"}""", "200")]
    public async Task Status_NoReadableStatusCode_IsUnknownNeverNotProcessed(int status, string body, string code)
    {
        Stub(_server, StatusPath, status, body, get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Equal(TrackingId, outcome.ProviderReference);
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
