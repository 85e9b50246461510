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
    [InlineData("abandoned", OutcomeKind.Declined)]
    [InlineData("reversed", OutcomeKind.Declined)]
    [InlineData("pending", OutcomeKind.Pending)]
    [InlineData("ongoing", OutcomeKind.Pending)]
    [InlineData("mystery", OutcomeKind.Unknown)]
    public async Task Verify_DataStatus_MapsToOutcome(string status, OutcomeKind expected)
    {
        Stub(_server, "/transaction/verify/park-001-1", 200, $$$"""
            {"status":true,"message":"Verification successful","data":{"id":4099,"reference":"park-001-1","status":"{{{status}}}",
             "gateway_response":"Approved","amount":20000,"channel":"card"}}
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
    public async Task Verify_HttpRows_MapToOutcome(int status, string body, OutcomeKind expected)
    {
        Stub(_server, "/transaction/verify/park-001-1", status, body, get: true);
        var outcome = await Provider(_server).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(expected, outcome.Kind);
    }
}
