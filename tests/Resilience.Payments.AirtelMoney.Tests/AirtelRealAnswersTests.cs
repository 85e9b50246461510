using System.Text;
using Resilience.Payments.Callbacks;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>Real Airtel Money answers (<see cref="AirtelRealAnswers"/>, each with its source) through the adapter's own entry points.</summary>
public sealed class AirtelRealAnswersTests : IDisposable
{
    private readonly AirtelStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task InitiateAsync_DocumentedAcceptedSampleWithIdFalse_IsPending_UnderTheAttemptReference()
    {
        _stub.Collection(200, AirtelRealAnswers.CollectionAccepted);

        var outcome = await _stub.Provider().InitiateAsync(Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("DP00800001006", outcome.Code);
        Assert.Equal("pay-1-1", outcome.ProviderReference); // our id, not the sample's "id": false
        Assert.Equal(1, _stub.CollectionRequests);
    }

    [Theory]
    [InlineData(AirtelRealAnswers.EnquiryDocumentedSuccess, OutcomeKind.Succeeded, "C36000000067")]
    [InlineData(AirtelRealAnswers.EnquiryNigerSuccessWithInProcessCode, OutcomeKind.Succeeded, "MP230107.1738.J04514")]
    [InlineData(AirtelRealAnswers.EnquiryNigerWrongPin, OutcomeKind.Declined, null)]
    [InlineData(AirtelRealAnswers.EnquiryNigerBelowMinimum, OutcomeKind.Declined, null)]
    [InlineData(AirtelRealAnswers.EnquiryNigerInProgress, OutcomeKind.Pending, null)]
    public async Task QueryStatusAsync_RealEnquiryAnswer_MapsToItsClass(string body, OutcomeKind expected, string? receipt)
    {
        _stub.Enquiry(200, body);

        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(expected switch { OutcomeKind.Succeeded => "TS", OutcomeKind.Declined => "TF", _ => "TIP" }, outcome.Code); // the short-form code is not guessed at
        Assert.Null(outcome.ProviderReference);
        if (receipt is not null)
        {
            Assert.Equal(receipt, outcome.Receipt);
        }

        Assert.Null(outcome.Amount); // Airtel's enquiry reports no amount: the gateway's amount check is left to the attempt's own
    }

    [Fact]
    public async Task QueryStatusAsync_RealSuccessAnswerAboutAnotherId_IsNotTrusted()
    {
        _stub.Enquiry(200, AirtelRealAnswers.EnquiryNigerSuccessWithInProcessCode.Replace("\"id\":\"pay-1-1\"", "\"id\":\"7\"", StringComparison.Ordinal));

        var outcome = await _stub.Provider().QueryStatusAsync(Status(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Theory]
    [InlineData(AirtelRealAnswers.CallbackZambiaSuccess, "TS", "DP00800001001", OutcomeKind.Succeeded)]
    [InlineData(AirtelRealAnswers.CallbackZambiaInsufficientFunds, "TF", "DP00800001007", OutcomeKind.Declined)]
    [InlineData(AirtelRealAnswers.CallbackZambiaWrongPin, "TF", "DP00800001002", OutcomeKind.Declined)]
    public async Task HandleAsync_RealV1Callback_IsConfirmedByTheEnquiry(string callback, string status, string responseCode, OutcomeKind expected)
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer(status, responseCode));

        var result = await new AirtelMoneyCallbackHandler(_stub.Provider()).HandleAsync(Body(callback), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        var update = Assert.Single(result.Updates);
        Assert.Equal("pay-1-1", update.AttemptReference);
        Assert.Equal(expected, update.Outcome.Kind);
        Assert.Equal(OutcomeSource.Callback, update.Source); // the body and the enquiry agree
        Assert.Equal(1, _stub.EnquiryRequests);
    }

    [Fact]
    public async Task HandleAsync_RealSuccessCallback_ButTheEnquirySaysFailed_TheEnquiryDecides()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TF", "DP00800001008"));

        var result = await new AirtelMoneyCallbackHandler(_stub.Provider()).HandleAsync(Body(AirtelRealAnswers.CallbackZambiaSuccess), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(OutcomeKind.Declined, update.Outcome.Kind);
        Assert.Equal(OutcomeSource.StatusQuery, update.Source);
    }

    [Fact]
    public async Task HandleAsync_RealInvalidIdCallback_EnquiryNotFound_ChangesNothing()
    {
        _stub.Enquiry(404, """{"status":{"code":"404","message":"No Transaction Found With Provided Transaction Id","result_code":"ESB000045","success":false}}""");

        var result = await new AirtelMoneyCallbackHandler(_stub.Provider()).HandleAsync(Body(AirtelRealAnswers.CallbackZambiaInvalidId), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates); // "not found" is no final answer for a callback: the reconciler settles it after the settle window
    }

    private static PaymentCallback Body(string json) => new() { Body = Encoding.UTF8.GetBytes(json) };
}
