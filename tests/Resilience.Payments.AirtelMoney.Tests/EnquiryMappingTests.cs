using WireMock.RequestBuilders;
using Wm = WireMock.RequestBuilders.Request;
using WireMock.ResponseBuilders;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>Every documented enquiry answer, over real HTTP, mapped to its outcome class.</summary>
public sealed class EnquiryMappingTests : IDisposable
{
    private readonly AirtelStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Theory]
    [InlineData("TS", "DP00800001001", OutcomeKind.Succeeded)]
    [InlineData("TF", "DP00800001008", OutcomeKind.Declined)]
    [InlineData("TA", "DP00800001000", OutcomeKind.Unknown)]
    [InlineData("TIP", "DP00800001006", OutcomeKind.Pending)]
    [InlineData("TE", "DP00800001029", OutcomeKind.Declined)]
    public async Task QueryStatusAsync_TransactionStatus_MapsToItsClass(string status, string responseCode, OutcomeKind expected)
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer(status, responseCode));

        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.StartsWith(status, outcome.Code, StringComparison.Ordinal);
        Assert.Equal("pay-1-1", outcome.ProviderReference);
        if (expected == OutcomeKind.Succeeded)
        {
            Assert.Equal("MP210603.1234.L06941", outcome.Receipt);
        }

        var request = _stub.Server.LogEntries.Single(e => e.RequestMessage!.Path.StartsWith(AirtelStub.EnquiryPrefix, StringComparison.Ordinal)).RequestMessage!;
        Assert.Equal("GET", request.Method);
        Assert.Equal("KE", request.Headers!["X-Country"].Single());
        Assert.Equal("KES", request.Headers!["X-Currency"].Single());
    }

    [Fact]
    public void EnquiryStatusTable_HasExactlyTheDocumentedRows() =>
        Assert.Equal(5, AirtelMoneyCodes.EnquiryStatuses.Count);

    [Fact]
    public async Task QueryStatusAsync_FailedWithInsufficientBalance_KeepsTheDetailCode()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TF", "DP00800001007", message: "Insufficient balance"));

        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal("TF DP00800001007", outcome.Code);
    }

    [Theory]
    [InlineData(404, """{"status":{"code":"404","message":"No Transaction Found With Provided Transaction Id","result_code":"ESB000045","success":false}}""")]
    [InlineData(200, """{"status":{"code":"200","message":"Transaction not found","result_code":"ESB000011","response_code":"DP00800001025","success":false}}""")]
    public async Task QueryStatusAsync_DocumentedNotFound_IsNotProcessed(int status, string body)
    {
        _stub.Enquiry(status, body);
        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task QueryStatusAsync_HttpStatusWithoutAirtelBody_IsUnknown(int status)
    {
        _stub.Server.Given(Wm.Create().WithPath(AirtelStub.EnquiryPrefix + "pay-1-1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody("busy"));
        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Theory]
    [InlineData("ESB000001")]
    [InlineData("ESB000004")]
    [InlineData("ESB000014")]
    public async Task QueryStatusAsync_AmbiguousResultCode_IsUnknown(string resultCode)
    {
        _stub.Enquiry(200, AirtelStub.Answer(resultCode, null));
        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_ConnectionRefused_IsUnknownNeverNotProcessed()
    {
        var outcome = await Provider(ClosedPort(), _stub.Time).QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_Unauthorized_RefreshesTokenOnceAndRetriesOnce()
    {
        var path = AirtelStub.EnquiryPrefix + "pay-1-1";
        _stub.Server.Given(Wm.Create().WithPath(path).UsingGet()).InScenario("token").WillSetStateTo("refreshed")
            .RespondWith(Response.Create().WithStatusCode(401));
        _stub.Server.Given(Wm.Create().WithPath(path).UsingGet()).InScenario("token").WhenStateIs("refreshed")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(AirtelStub.EnquiryAnswer("TS")));

        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(2, _stub.TokenRequests);
        Assert.Equal(2, _stub.EnquiryRequests);
    }

    [Fact]
    public async Task QueryStatusAsync_NotFoundSoonAfterTheAttemptStarted_IsUnknownUntilTheSettleTime()
    {
        _stub.Enquiry(200, """{"status":{"code":"200","message":"No Transaction Found With Provided Transaction Id","result_code":"ESB000045","success":false}}""");
        var provider = _stub.Provider();
        var request = Status() with { StartedAt = _stub.Time.GetUtcNow() };

        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);
        _stub.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);
    }
}
