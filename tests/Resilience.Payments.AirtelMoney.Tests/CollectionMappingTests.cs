using System.Text.Json;
using WireMock.ResponseBuilders;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;
using Wm = WireMock.RequestBuilders.Request;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>Every documented collection answer, over real HTTP, mapped to its outcome class.</summary>
public sealed class CollectionMappingTests : IDisposable
{
    private readonly AirtelStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Theory]
    [InlineData("DP00800001000", OutcomeKind.Unknown)]
    [InlineData("DP00800001001", OutcomeKind.Succeeded)]
    [InlineData("DP00800001002", OutcomeKind.Declined)]
    [InlineData("DP00800001003", OutcomeKind.Declined)]
    [InlineData("DP00800001004", OutcomeKind.NotProcessed)]
    [InlineData("DP00800001005", OutcomeKind.Declined)]
    [InlineData("DP00800001006", OutcomeKind.Pending)]
    [InlineData("DP00800001007", OutcomeKind.Declined)]
    [InlineData("DP00800001008", OutcomeKind.Declined)]
    [InlineData("DP00800001009", OutcomeKind.Declined)]
    [InlineData("DP00800001010", OutcomeKind.NotProcessed)]
    [InlineData("DP00800001024", OutcomeKind.Unknown)] // "transaction timed out": not said to be final: enquire (was Declined)
    [InlineData("DP00800001025", OutcomeKind.Unknown)] // "not found" proves nothing on a collection answer (was NotProcessed)
    [InlineData("DP00800001026", OutcomeKind.NotProcessed)]
    [InlineData("DP00800001029", OutcomeKind.Declined)]
    public async Task InitiateAsync_ResponseCode_MapsToItsClass(string responseCode, OutcomeKind expected)
    {
        var accepted = expected is OutcomeKind.Pending or OutcomeKind.Succeeded or OutcomeKind.Unknown;
        _stub.Collection(200, AirtelStub.Answer(accepted ? "ESB000010" : "ESB000011", responseCode, success: accepted, message: accepted ? "SUCCESS" : "FAILED"));

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(responseCode, outcome.Code);
        if (expected is OutcomeKind.Pending or OutcomeKind.Unknown or OutcomeKind.Declined or OutcomeKind.Succeeded)
        {
            Assert.Equal("pay-1-1", outcome.ProviderReference);
        }
    }

    [Fact]
    public void ResponseCodeTable_HasExactlyTheDocumentedRows() =>
        Assert.Equal(15, AirtelMoneyCodes.ResponseCodes.Count);

    [Fact]
    public void EveryTableRow_CitesItsSource()
    {
        foreach (var row in AirtelMoneyCodes.ResponseCodes.Concat(AirtelMoneyCodes.ResultCodes).Concat(AirtelMoneyCodes.EnquiryStatuses))
        {
            Assert.Contains("developers.airtel.africa", row.Source, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(200, "ESB000010", true, OutcomeKind.Pending)]
    [InlineData(200, "ESB000001", false, OutcomeKind.Unknown)]
    [InlineData(200, "ESB000004", false, OutcomeKind.Unknown)]
    [InlineData(200, "ESB000014", false, OutcomeKind.Unknown)]
    [InlineData(200, "0000900", false, OutcomeKind.Unknown)]
    [InlineData(200, "ESB000011", false, OutcomeKind.Declined)]
    [InlineData(400, "ESB000008", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000033", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000034", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000035", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000036", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000039", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000041", false, OutcomeKind.Unknown)]
    [InlineData(200, "ESB000045", false, OutcomeKind.Unknown)] // "not found" on a collection answer proves nothing (was NotProcessed)
    [InlineData(400, "ROUTER001", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ROUTER003", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ROUTER005", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ROUTER006", false, OutcomeKind.NotProcessed)]
    [InlineData(403, "ROUTER007", false, OutcomeKind.NotProcessed)]
    [InlineData(400, "ROUTER112", false, OutcomeKind.NotProcessed)]
    [InlineData(500, "ROUTER117", false, OutcomeKind.Unknown)]
    [InlineData(400, "ESB000037", false, OutcomeKind.Unknown)] // undocumented (was NotProcessed): enquire
    [InlineData(400, "ESB000038", false, OutcomeKind.Unknown)] // undocumented (was NotProcessed): enquire
    [InlineData(400, "ESB0000900", false, OutcomeKind.Unknown)] // undocumented spelling
    [InlineData(400, "ROUTER115", false, OutcomeKind.Unknown)] // a disbursement PIN code: not a collection answer
    public async Task InitiateAsync_ResultCodeWithoutResponseCode_MapsToItsClass(int status, string resultCode, bool success, OutcomeKind expected)
    {
        _stub.Collection(status, AirtelStub.Answer(resultCode, responseCode: null, success: success, message: success ? "SUCCESS" : "Failed"));

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(resultCode, outcome.Code);
    }

    [Fact]
    public void ResultCodeTable_HasExactlyTheDocumentedRows() =>
        Assert.Equal(21, AirtelMoneyCodes.ResultCodes.Count);

    [Theory]
    [InlineData(400, "ESB000099")]
    [InlineData(403, "ESB000099")]
    [InlineData(404, "PROCESSING")]
    [InlineData(200, "ESB000099")]
    public async Task InitiateAsync_UndocumentedResultCode_IsUnknownNeverNotProcessed(int status, string resultCode)
    {
        _stub.Collection(status, AirtelStub.Answer(resultCode, responseCode: null, message: "Request is being processed"));

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("pay-1-1", outcome.ProviderReference);
    }

    [Theory]
    [InlineData("""{"data":{"transaction":{"id":"pay-1-1","status":"SUCCESS",},},"status":{"code":200,"message":"SUCCESS","result_code":"ESB000010","response_code":"DP00800001006","success":"true",},}""", OutcomeKind.Pending, "DP00800001006")]
    [InlineData("""{"status":{"code":400,"result_code":" esb000034 ","success":false,}}""", OutcomeKind.NotProcessed, "ESB000034")]
    [InlineData("""{"status":{"code":"500","result_code":4,"success":"false"}}""", OutcomeKind.Unknown, "4")]
    public async Task InitiateAsync_TolerantShapes_ReadAlike(string body, OutcomeKind expected, string code)
    {
        _stub.Collection(200, body);

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Code);
    }

    [Fact]
    public async Task InitiateAsync_IdAlreadyExistsEvenWithAFailureResponseCode_IsUnknownForEnquiry()
    {
        _stub.Collection(400, AirtelStub.Answer("ESB000041", "DP00800001008", message: "Transaction ID already exists"));

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("ESB000041", outcome.Code);
        Assert.Equal("pay-1-1", outcome.ProviderReference);
    }

    [Fact]
    public async Task InitiateAsync_UndocumentedResponseCode_IsUnknown()
    {
        _stub.Collection(200, AirtelStub.Answer("ESB000010", "DP00800001099", success: true));
        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Theory]
    [InlineData(400, OutcomeKind.NotProcessed)]
    [InlineData(403, OutcomeKind.NotProcessed)]
    [InlineData(404, OutcomeKind.NotProcessed)]
    [InlineData(405, OutcomeKind.NotProcessed)]
    [InlineData(429, OutcomeKind.NotProcessed)]
    [InlineData(408, OutcomeKind.Unknown)]
    [InlineData(500, OutcomeKind.Unknown)]
    [InlineData(502, OutcomeKind.Unknown)]
    [InlineData(503, OutcomeKind.Unknown)]
    [InlineData(504, OutcomeKind.Unknown)]
    [InlineData(200, OutcomeKind.Unknown)]
    public async Task InitiateAsync_HttpStatusWithoutAirtelBody_MapsToItsClass(int status, OutcomeKind expected)
    {
        _stub.Server.Given(Wm.Create().WithPath(AirtelStub.CollectionPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody("<html>gateway</html>"));

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(1, _stub.CollectionRequests);
    }

    [Fact]
    public async Task InitiateAsync_Unauthorized_RefreshesTokenOnceAndRetriesOnce()
    {
        _stub.Server.Given(Wm.Create().WithPath(AirtelStub.CollectionPath).UsingPost()).InScenario("token").WillSetStateTo("refreshed")
            .RespondWith(Response.Create().WithStatusCode(401).WithBody("""{"error":"invalid_token"}"""));
        _stub.Server.Given(Wm.Create().WithPath(AirtelStub.CollectionPath).UsingPost()).InScenario("token").WhenStateIs("refreshed")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(AirtelStub.Accepted));

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal(2, _stub.TokenRequests);
        Assert.Equal(2, _stub.CollectionRequests);
    }

    [Fact]
    public async Task InitiateAsync_UnauthorizedTwice_IsNotProcessedAfterOneRetry()
    {
        _stub.Collection(401, """{"error":"invalid_token"}""");

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(2, _stub.TokenRequests);
        Assert.Equal(2, _stub.CollectionRequests);
    }

    [Fact]
    public async Task InitiateAsync_SendsAirtelShapeWithAttemptReferenceAsIdAndNationalMsisdn()
    {
        _stub.Collection(200, AirtelStub.Accepted);

        var outcome = await _stub.Provider().InitiateAsync(Request(amount: 200), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("DP00800001006", outcome.Code);
        var message = _stub.LastCollection.RequestMessage!;
        Assert.Equal("Bearer " + AirtelStub.Token, message.Headers!["Authorization"].Single());
        Assert.Equal("KE", message.Headers!["X-Country"].Single());
        Assert.Equal("KES", message.Headers!["X-Currency"].Single());
        using var body = JsonDocument.Parse(message.Body!);
        var root = body.RootElement;
        Assert.Equal("KCA123X", root.GetProperty("reference").GetString());
        Assert.Equal("733123456", root.GetProperty("subscriber").GetProperty("msisdn").GetString());
        Assert.Equal("KE", root.GetProperty("subscriber").GetProperty("country").GetString());
        Assert.Equal("pay-1-1", root.GetProperty("transaction").GetProperty("id").GetString());
        Assert.Equal(200m, root.GetProperty("transaction").GetProperty("amount").GetDecimal());
        Assert.Equal("KES", root.GetProperty("transaction").GetProperty("currency").GetString());

        var token = _stub.Server.LogEntries.Single(e => e.RequestMessage!.Path == AirtelStub.TokenPath).RequestMessage!;
        using var tokenBody = JsonDocument.Parse(token.Body!);
        Assert.Equal("client_credentials", tokenBody.RootElement.GetProperty("grant_type").GetString());
        Assert.Equal("airtel-client-id", tokenBody.RootElement.GetProperty("client_id").GetString());
    }

    [Theory]
    [InlineData("0712345678")] // Safaricom
    [InlineData("0757123456")] // Safaricom
    public async Task InitiateAsync_SafaricomNumber_IsNotProcessedWithoutAnyRequest(string phone)
    {
        var provider = _stub.Provider();
        Assert.NotNull(provider.Capabilities.WhyCannotServe(new MobileMoneyInstrument(PhoneNumber.Parse(phone)), Money.Kes(200)));

        var outcome = await provider.InitiateAsync(Request(phone), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Empty(_stub.Server.LogEntries);
    }

    [Theory]
    [InlineData("0733123456")]
    [InlineData("0750123456")]
    [InlineData("0100123456")]
    [InlineData("+254 789 123 456")]
    public void Capabilities_AirtelNumbers_AreServed(string phone) =>
        Assert.Null(_stub.Provider().Capabilities.WhyCannotServe(new MobileMoneyInstrument(PhoneNumber.Parse(phone)), Money.Kes(200)));

    [Fact]
    public async Task InitiateAsync_OtherCurrencyOrCard_IsNotProcessedWithoutAnyRequest()
    {
        var provider = _stub.Provider();
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.InitiateAsync(Request(currency: "USD"), CancellationToken.None)).Kind);
        var card = Request() with { Instrument = PaymentInstrument.Card("AUTH_x") };
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.InitiateAsync(card, CancellationToken.None)).Kind);
        Assert.Empty(_stub.Server.LogEntries);
    }

    [Fact]
    public async Task InitiateAsync_ConnectionRefused_IsNotProcessed()
    {
        var outcome = await Provider(ClosedPort(), _stub.Time).InitiateAsync(Request(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Fact]
    public async Task InitiateAsync_TokenEndpointFails_IsNotProcessedAndNothingIsSent()
    {
        using var stub = new AirtelStub("""{"error":"invalid_client"}""", tokenStatus: 401);

        var outcome = await stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(0, stub.CollectionRequests);
    }

    [Fact]
    public async Task InitiateAsync_NoReplyInTime_IsUnknownWithTheAttemptReference()
    {
        _stub.Server.Given(Wm.Create().WithPath(AirtelStub.CollectionPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(AirtelStub.Accepted).WithDelay(TimeSpan.FromSeconds(8)));

        var outcome = await _stub.Provider(TimeSpan.FromSeconds(1.5)).InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("pay-1-1", outcome.ProviderReference);
    }
}
