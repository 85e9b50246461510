using System.Text;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.AirtelMoney.Tests;

public sealed class CallbackHandlerTests : IDisposable
{
    private readonly AirtelStub _stub = new();

    public void Dispose() => _stub.Dispose();

    private AirtelMoneyCallbackHandler Handler() => new(_stub.Provider());

    private static PaymentCallback Body(string json) => new() { Body = Encoding.UTF8.GetBytes(json) };

    private static string Callback(string status, string id = "pay-1-1") =>
        $$$"""{"transaction":{"id":"{{{id}}}","message":"Paid KES 200","status_code":"{{{status}}}","airtel_money_id":"MP210603.1234.L06941"}}""";

    [Fact]
    public async Task HandleAsync_SuccessConfirmedByEnquiry_ReturnsOneSucceededUpdate()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TS"));

        var result = await Handler().HandleAsync(Body(Callback("TS")), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        var update = Assert.Single(result.Updates);
        Assert.Equal("airtel", update.Provider);
        Assert.Equal("pay-1-1", update.AttemptReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal("MP210603.1234.L06941", update.Outcome.Receipt);
        Assert.Equal(OutcomeSource.Callback, update.Source);
        Assert.True(update.AttemptVerified); // the outcome is Airtel's own answer about the id it keeps the transaction under
        Assert.Null(update.Outcome.ProviderReference);
        Assert.Equal(["pay-1-1", "MP210603.1234.L06941"], result.References);
        Assert.Equal(200, result.Reply.StatusCode);
        Assert.Equal(1, _stub.EnquiryRequests);
    }

    [Fact]
    public async Task HandleAsync_ForgedCallbackWithAnotherAirtelMoneyId_ReceiptIsTheEnquirysNeverTheBodys()
    {
        _stub.Enquiry(200, """{"data":{"transaction":{"id":"pay-1-1","message":"success","status":"TS"}},"status":{"code":"200","message":"SUCCESS","result_code":"ESB000010","success":true}}""");
        var forged = """{"transaction":{"id":"pay-1-1","message":"Paid KES 200","status_code":"TS","airtel_money_id":"MP000000.0000.FORGED"}}""";

        var result = await Handler().HandleAsync(Body(forged), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Null(update.Outcome.Receipt);
        Assert.Null(update.Outcome.Amount);
        Assert.Null(update.Outcome.Payer);
    }

    [Fact]
    public async Task HandleAsync_ForgedCallbackNamingAVictimsIdWithAnotherStatusAndMoneyId_TheEnquiryDecides()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TS"));
        var forged = """{"transaction":{"id":"pay-1-1","message":"Failed","status_code":"TF","airtel_money_id":"MP999999.9999.OTHER"}}""";

        var result = await Handler().HandleAsync(Body(forged), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal("MP210603.1234.L06941", update.Outcome.Receipt);
        Assert.Equal(OutcomeSource.StatusQuery, update.Source);
    }

    [Fact]
    public async Task HandleAsync_EnquiryAnswersAboutAnotherTransaction_NoUpdate()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TS", id: "someone-else-7"));

        var result = await Handler().HandleAsync(Body(Callback("TS")), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
    }

    [Theory]
    [InlineData("""{"transaction":{"id":"pay-1-1","message":"Paid KES 200 to COUNTY Charge KES 0, Trans ID MP210603.1234.L06941.","status_code":"TS","airtel_money_id":"MP210603.1234.L06941"},"hash":"zITVAAGYSlzl1WkUQJn81kbpT5drH3koffT8jCkcJJA="}""")]
    [InlineData("""{"transaction":{"id":"pay-1-1","message":"Paid","status_code":"TS","airtel_money_id":"MP210603.1234.L06941",},"hash":"forged",}""")]
    [InlineData("""{"transaction":{"id":" pay-1-1 ","status_code":"ts","airtel_money_id":12345}}""")]
    public async Task HandleAsync_AuthenticatedOrTolerantShapes_AreConfirmedByEnquiryAlike(string body)
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TS"));

        var result = await Handler().HandleAsync(Body(body), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal("pay-1-1", update.AttemptReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal("MP210603.1234.L06941", update.Outcome.Receipt); // the enquiry's
        Assert.Equal(1, _stub.EnquiryRequests);
    }

    [Fact]
    public async Task HandleAsync_SuccessButEnquiryInProgress_AcceptedWithoutUpdates()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TIP", "DP00800001006"));

        var result = await Handler().HandleAsync(Body(Callback("TS")), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
        Assert.Equal(["pay-1-1", "MP210603.1234.L06941"], result.References);
    }

    [Fact]
    public async Task HandleAsync_ForgedSuccessWhileEnquirySaysFailed_UpdateComesFromTheEnquiry()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TF", "DP00800001007"));

        var result = await Handler().HandleAsync(Body(Callback("TS")), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
        Assert.Equal(OutcomeSource.StatusQuery, update.Source);
    }

    [Theory]
    [InlineData("""{"status":{"result_code":"ESB000045","success":false}}""", 404)]
    [InlineData("busy", 503)]
    public async Task HandleAsync_EnquiryNotFoundOrFailing_AcceptedWithoutUpdates(string enquiryBody, int status)
    {
        _stub.Enquiry(status, enquiryBody);

        var result = await Handler().HandleAsync(Body(Callback("TS")), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
    }

    [Fact]
    public async Task HandleAsync_FailedConfirmedByEnquiry_ReturnsDeclinedUpdate()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TF", "DP00800001002", message: "Incorrect PIN"));

        var result = await Handler().HandleAsync(Body(Callback("TF")), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
        Assert.Equal(OutcomeSource.Callback, update.Source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"transaction":null}""")]
    [InlineData("""{"transaction":{"message":"x","status_code":"TS"}}""")]
    [InlineData("""{"transaction":{"id":"","status_code":"TS"}}""")]
    [InlineData("""{"transaction":{"id":{"a":1},"status_code":"TS"}}""")]
    [InlineData("""{"transaction":{"id":"a b","status_code":"TS"}}""")]
    public async Task HandleAsync_MalformedBody_IsMalformedWithoutEnquiry(string body)
    {
        var result = await Handler().HandleAsync(Body(body), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Malformed, result.Verdict);
        Assert.Equal(400, result.Reply.StatusCode);
        Assert.Empty(result.Updates);
        Assert.Equal(0, _stub.EnquiryRequests);
    }

    [Fact]
    public void Provider_IsTheAdaptersName() => Assert.Equal("airtel", Handler().Provider);
}
