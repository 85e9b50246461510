using Microsoft.Extensions.Logging.Abstractions;
using WireMock.ResponseBuilders;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;
using Wm = WireMock.RequestBuilders.Request;

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
        Assert.Null(outcome.ProviderReference); // Airtel keeps the transaction under our id: the enquiry names no new reference
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
        Assert.Equal("TF:DP00800001007", outcome.Code);
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

    private const string NotFound = """{"status":{"code":"200","message":"No Transaction Found With Provided Transaction Id","result_code":"ESB000045","success":false}}""";

    [Fact]
    public async Task QueryStatusAsync_NotFoundSoonAfterTheAttemptStarted_IsUnknownUntilTheSettleTime()
    {
        _stub.Enquiry(200, NotFound);
        var provider = _stub.Provider();
        var request = Status() with { StartedAt = _stub.Time.GetUtcNow() };

        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);
        _stub.Time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind); // Airtel: enquire 3 minutes after
        _stub.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_NotFound_SettleWindowCountsFromWhenTheRequestWasLastInFlight()
    {
        _stub.Enquiry(200, NotFound);
        var provider = _stub.Provider();
        var started = _stub.Time.GetUtcNow();
        var request = Status() with { StartedAt = started, LastInFlightAt = started + TimeSpan.FromSeconds(30) };

        _stub.Time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(20)); // past the window from the start, not from the last moment in flight
        var early = await provider.QueryStatusAsync(request, CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, early.Kind);
        Assert.Equal("ESB000045", early.Code);

        _stub.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_NotFound_SettleWindowStretchesWithAirtelsObservedDelay()
    {
        _stub.Enquiry(200, NotFound);
        var provider = _stub.Provider();
        var started = _stub.Time.GetUtcNow();
        var request = Status() with { StartedAt = started, LastInFlightAt = started + TimeSpan.FromSeconds(5), ObservedDelay = TimeSpan.FromSeconds(40) };

        _stub.Time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(44));
        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind); // Airtel is slow now: its queue may still hold it
        _stub.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.QueryStatusAsync(request, CancellationToken.None)).Kind);
    }

    [Theory]
    [InlineData("""{"data":{"transaction":{"airtel_money_id":"MP1","id":"pay-1-1","status":" ts ",},},"status":{"code":200,"result_code":"ESB000010","success":"true",},}""", OutcomeKind.Succeeded)]
    [InlineData("""{"data":{"transaction":{"id":"pay-1-1","status":"TF"}},"status":{"code":"200","response_code":"DP00800001007","success":false}}""", OutcomeKind.Declined)]
    [InlineData("""{"data":{"transaction":{"id":"pay-1-1","status":"PENDING"}},"status":{"code":"200","result_code":"ESB000010","success":true}}""", OutcomeKind.Unknown)]
    [InlineData("""{"data":{"transaction":{"id":"pay-1-1","status":"IN_PROGRESS"}},"status":{"code":"200","result_code":"ESB000099","success":false}}""", OutcomeKind.Unknown)]
    [InlineData("""{"data":{"transaction":{"id":"pay-1-1","status":7}},"status":{"code":"200","result_code":900,"success":false}}""", OutcomeKind.Unknown)]
    [InlineData("""{"status":{"code":"400","result_code":"ESB000034","success":false}}""", OutcomeKind.Unknown)]
    public async Task QueryStatusAsync_TolerantShapesAndUndocumentedStatuses_ReadAlikeAndNeverFinalOnAGuess(string body, OutcomeKind expected)
    {
        _stub.Enquiry(200, body);
        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(expected, outcome.Kind);
    }

    [Fact]
    public async Task QueryStatusAsync_AnswerAboutAnotherTransaction_IsUnknown()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TS", id: "someone-else-1"));
        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Theory]
    [InlineData("\"amount\":\"200\",\"currency\":\"KES\",\"msisdn\":\"733123456\",", 200, "733123456")]
    [InlineData("\"amount\":1,", 1, null)] // no currency in the answer: the enquiry's X-Currency
    public async Task QueryStatusAsync_SuccessReportingAnAmount_CarriesItForTheGatewaysCheck(string fields, decimal amount, string? payer)
    {
        _stub.Enquiry(200, "{\"data\":{\"transaction\":{" + fields + "\"airtel_money_id\":\"MP1\",\"id\":\"pay-1-1\",\"status\":\"TS\"}},\"status\":{\"code\":\"200\",\"result_code\":\"ESB000010\",\"success\":true}}");

        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new Money(amount, "KES"), outcome.Amount);
        Assert.Equal(payer, outcome.Payer);
    }

    [Theory]
    [InlineData("\"amount\":\"2,000\",")]
    [InlineData("\"amount\":200.001,\"currency\":\"KES\",")]
    [InlineData("\"amount\":200,\"currency\":\"XYZ\",")]
    public async Task QueryStatusAsync_SuccessWithAnUnreadableAmount_IsNotCounted(string fields)
    {
        _stub.Enquiry(200, "{\"data\":{\"transaction\":{" + fields + "\"id\":\"pay-1-1\",\"status\":\"TS\"}},\"status\":{\"code\":\"200\",\"success\":true}}");
        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);
        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task Reconcile_EnquiryReportsSuccessForAnotherAmount_PaymentIsNeverSucceededAndTheMismatchIsKept()
    {
        _stub.Collection(200, AirtelStub.Accepted);
        var options = new PaymentGatewayOptions { InstanceName = "test" };
        using var provider = _stub.Provider();
        using var gateway = new PaymentGateway([provider], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(options), _stub.Time, NullLoggerFactory.Instance);
        var pending = await gateway.PayAsync(new PaymentRequest
        {
            IdempotencyKey = "park-9",
            Amount = Money.Kes(200),
            Instruments = [PaymentInstrument.MobileMoney(AirtelNumber)],
        });
        var reference = pending.Attempts.Single().Reference;
        _stub.Enquiry(200, "{\"data\":{\"transaction\":{\"amount\":1,\"currency\":\"KES\",\"airtel_money_id\":\"MP1\",\"id\":\"" + reference + "\",\"status\":\"TS\"}},\"status\":{\"code\":\"200\",\"success\":true}}", reference);

        _stub.Time.Advance(options.Reconciliation.FirstCheckDelay);
        await new PaymentReconciliationWorker(gateway, Microsoft.Extensions.Options.Options.Create(options), _stub.Time, NullLogger<PaymentReconciliationWorker>.Instance).RunOnceAsync();

        var after = await gateway.GetAsync("park-9");
        Assert.NotEqual(PaymentStatus.Succeeded, after!.Status);
        Assert.Equal(Money.Kes(1), Assert.Single(after.MismatchedAttempts).Mismatch!.ReportedAmount);
    }
}
