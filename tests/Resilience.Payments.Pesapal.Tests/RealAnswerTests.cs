using System.Text;
using System.Text.Json;
using Resilience.Payments.Callbacks;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalRealAnswers;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>Pesapal's documented answers and IPNs (<see cref="PesapalRealAnswers"/>) through the adapter's real parsing paths, over HTTP against WireMock.</summary>
public sealed class RealAnswerTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public RealAnswerTests() => StubAuth(_server);

    public void Dispose() => _server.Stop();

    private static ProviderStatusRequest DocumentedOrder => Status(DocumentedTrackingId, DocumentedReference);

    private PesapalCallbackHandler Handler() => new(Provider(_server));

    private static PaymentCallback Post(string body) => new() { Method = "POST", Body = Encoding.UTF8.GetBytes(body) };

    [Fact]
    public async Task Status_DocumentedFailedCardAnswer_IsDeclinedWithPesapalsDescriptionAndNoPayer()
    {
        Stub(_server, StatusPath, 200, StatusFailed, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(DocumentedOrder, CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal("FAILED", outcome.Code);
        Assert.Equal("Unable to Authorize Transaction.Kindly contact your bank for assistance", outcome.Reason);
        Assert.Equal(Money.Kes(100m), outcome.Amount);
        Assert.Null(outcome.Payer); // 476173**0010 is a masked card
        Assert.Null(outcome.OccurredAt); // 2022-04-30T07:41:09.763 has no offset: no guess
        Assert.Equal(DocumentedTrackingId, outcome.ProviderReference);
    }

    [Theory]
    [InlineData(0, "INVALID", OutcomeKind.Pending)]
    [InlineData(0, "Invalid", OutcomeKind.Pending)]
    [InlineData(0, "Pending Payment", OutcomeKind.Pending)]
    [InlineData(1, "Completed", OutcomeKind.Succeeded)]
    [InlineData(1, "COMPLETED", OutcomeKind.Succeeded)]
    [InlineData(1, "completed", OutcomeKind.Succeeded)]
    [InlineData(2, "FAILED", OutcomeKind.Declined)]
    [InlineData(3, "Reversed", OutcomeKind.Declined)]
    [InlineData(3, "REVERSED", OutcomeKind.Declined)]
    [InlineData(0, "Completed", OutcomeKind.Pending)] // status_code decides ("Pesapal status code representing the payment_status_description"); never a success on words
    [InlineData(4, "Completed", OutcomeKind.Unknown)] // an undocumented code: asked again
    public async Task Status_DocumentedAnswerWithEachStatusCodeInAnyCasing_MapsByTheCode(int code, string description, OutcomeKind expected)
    {
        var body = StatusFailed.Replace("\"status_code\":2", $"\"status_code\":{code}", StringComparison.Ordinal)
            .Replace("\"payment_status_description\":\"Failed\"", $"\"payment_status_description\":\"{description}\"", StringComparison.Ordinal);
        Stub(_server, StatusPath, 200, body, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(DocumentedOrder, CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        if (expected == OutcomeKind.Succeeded)
        {
            Assert.Equal("6513008693186320103009", outcome.Receipt);
            Assert.Equal(Money.Kes(100m), outcome.Amount);
        }
    }

    [Theory]
    [InlineData("\"amount\":100", "\"amount\":\"100.00\"", "KES", "100")]
    [InlineData("\"amount\":100", "\"amount\":100.0", "KES", "100")]
    [InlineData("\"amount\":100", "\"amount\":99.5", "KES", "99.5")] // paid less: reported as is, for the gateway to refuse
    [InlineData("\"currency\":\"KES\"", "\"currency\":\"kes\"", "KES", "100")]
    [InlineData("\"currency\":\"KES\"", "\"currency\":\"USD\"", "USD", "100")] // another currency: the same
    public async Task Status_DocumentedCompletedAnswerWithOddFields_ReportsWhatPesapalSays(string field, string replacement, string currency, string amount)
    {
        var body = StatusFailed.Replace("\"status_code\":2", "\"status_code\":1", StringComparison.Ordinal).Replace(field, replacement, StringComparison.Ordinal);
        Stub(_server, StatusPath, 200, body, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(DocumentedOrder, CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency), outcome.Amount);
    }

    [Fact]
    public async Task Status_PendingPaymentWithStatus500InsideA200_IsPendingNotAFailure()
    {
        Stub(_server, StatusPath, 200, StatusPendingPayment, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(DocumentedOrder, CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("INVALID", outcome.Code);
    }

    [Theory]
    [InlineData(500, StatusPendingPayment)] // the same body on an HTTP 500: says nothing final
    [InlineData(500, TokenRefused)]
    [InlineData(200, TokenRefused)] // an error object and no status_code
    [InlineData(502, BadGatewayPage)]
    [InlineData(200, BadGatewayPage)]
    [InlineData(200, """{"status_code":null,"status":"200"}""")]
    public async Task Status_AnswerWithoutAReadableStatusCode_IsUnknownNeverNotProcessed(int status, string body)
    {
        Stub(_server, StatusPath, status, body, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(DocumentedOrder, CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task Status_MpesaCancelledByThePayer_IsDeclinedWithoutAPayer()
    {
        Stub(_server, StatusPath, 200, StatusMpesaCancelled, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(DocumentedOrder, CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal("FAILED", outcome.Code);
        Assert.Null(outcome.Payer); // 2547xxx73984 is masked
    }

    [Fact]
    public async Task Status_DocumentedAnswerForAnotherMerchantReference_IsUnknown()
    {
        Stub(_server, StatusPath, 200, StatusFailed, get: true);

        var outcome = await Provider(_server).QueryStatusAsync(Status(DocumentedTrackingId, "park-001-1"), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("reference_mismatch", outcome.Code);
    }

    [Fact]
    public async Task Submit_DocumentedAnswer_IsARedirectUnderTheTrackingId()
    {
        Stub(_server, SubmitPath, 200, SubmitAccepted);

        var outcome = await Provider(_server).InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.Equal(IpnTrackingId, outcome.ProviderReference);
        Assert.Equal(new Uri("https://cybqa.pesapal.com/pesapaliframe/PesapalIframe3/Index/?OrderTrackingId=b945e4af-80a5-4ec1-8706-e03f8332fb04"), outcome.Action!.RedirectUrl);
    }

    [Theory]
    [InlineData(200, SubmitErrorAsString)]
    [InlineData(200, TokenRefused)]
    [InlineData(500, TokenRefused)]
    [InlineData(502, BadGatewayPage)]
    [InlineData(200, BadGatewayPage)]
    [InlineData(200, """{"order_tracking_id":"b945e4af-80a5-4ec1-8706-e03f8332fb04","redirect_url":"https://cybqa.pesapal.com/pesapaliframe/PesapalIframe3/Index/?OrderTrackingId=b945e4af-80a5-4ec1-8706-e03f8332fb04","error":null,"status":"500"}""")]
    public async Task Submit_RefusalOrPageWithoutAnAcceptedOrder_IsNotProcessedAndHandsOutNoUrl(int status, string body)
    {
        Stub(_server, SubmitPath, status, body);

        var outcome = await Provider(_server).InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Null(outcome.Action);
    }

    [Fact]
    public async Task Ipn_DocumentedPost_IsConfirmedByStatusQueryAndAnsweredAsDocumented()
    {
        Stub(_server, StatusPath, 200, IpnOrderCompleted, get: true);

        var result = await Handler().HandleAsync(Post(IpnPost), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(IpnReference, update.AttemptReference);
        Assert.Equal(OutcomeKind.Succeeded, update.Outcome.Kind);
        Assert.Equal(Money.Kes(100m), update.Outcome.Amount);
        Assert.Equal(OutcomeSource.StatusQuery, update.Source);
        using var reply = JsonDocument.Parse(result.Reply.Body!);
        Assert.Equal("IPNCHANGE", reply.RootElement.GetProperty("orderNotificationType").GetString());
        Assert.Equal(IpnTrackingId, reply.RootElement.GetProperty("orderTrackingId").GetString());
        Assert.Equal(IpnReference, reply.RootElement.GetProperty("orderMerchantReference").GetString());
        Assert.Equal(200, reply.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Ipn_DocumentedGetQuery_IsConfirmedTheSameWay()
    {
        // https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/registeripnurl :
        // ?OrderTrackingId=b945e4af-80a5-4ec1-8706-e03f8332fb04&OrderNotificationType=IPNCHANGE&OrderMerchantReference=TEST1515111119
        Stub(_server, StatusPath, 200, IpnOrderCompleted, get: true);
        var callback = new PaymentCallback
        {
            Method = "GET",
            Query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["OrderTrackingId"] = IpnTrackingId, ["OrderNotificationType"] = "IPNCHANGE", ["OrderMerchantReference"] = IpnReference },
        };

        var result = await Handler().HandleAsync(callback, CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, Assert.Single(result.Updates).Outcome.Kind);
    }

    [Theory]
    [InlineData("RECURRING")]
    [InlineData("CALLBACKURL")]
    public async Task Ipn_DocumentedOtherNotificationType_IsAcknowledgedWithoutAStatusQuery(string type)
    {
        // RECURRING (https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/recurringpayments) and CALLBACKURL (the
        // payer's redirect to callback_url) move no money state here: the IPNCHANGE of the same order does, after a status query.
        var result = await Handler().HandleAsync(Post(IpnPost.Replace("IPNCHANGE", type, StringComparison.Ordinal)), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Ignored, result.Verdict);
        Assert.Empty(result.Updates);
        Assert.Equal(0, Calls(_server, StatusPath));
    }

    [Fact]
    public async Task Ipn_KeysInTheReplysCamelCase_AreReadAlike()
    {
        Stub(_server, StatusPath, 200, IpnOrderCompleted, get: true);

        var result = await Handler().HandleAsync(Post("""{"orderNotificationType":"ipnchange","orderTrackingId":"b945e4af-80a5-4ec1-8706-e03f8332fb04","orderMerchantReference":"TEST1515111119"}"""), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, Assert.Single(result.Updates).Outcome.Kind);
    }

    [Fact]
    public async Task Ipn_ForgedMerchantReference_IsAttributedToTheOrderPesapalReports()
    {
        Stub(_server, StatusPath, 200, IpnOrderCompleted, get: true);

        var result = await Handler().HandleAsync(Post(IpnPost.Replace(IpnReference, "victim-001-1", StringComparison.Ordinal)), CancellationToken.None);

        var update = Assert.Single(result.Updates);
        Assert.Equal(IpnReference, update.AttemptReference);
        Assert.True(update.AttemptVerified);
    }

    [Fact]
    public async Task Ipn_StatusQueryAnswersPendingPayment_GivesNoUpdate()
    {
        Stub(_server, StatusPath, 200, StatusPendingPayment.Replace(DocumentedReference, IpnReference, StringComparison.Ordinal), get: true);

        var result = await Handler().HandleAsync(Post(IpnPost), CancellationToken.None);

        Assert.Equal(PaymentCallbackVerdict.Accepted, result.Verdict);
        Assert.Empty(result.Updates);
    }

    [Fact]
    public async Task Ipn_StatusQueryGetsAGatewayPage_AnswersStatus500SoPesapalRetries()
    {
        Stub(_server, StatusPath, 502, BadGatewayPage, get: true);

        var result = await Handler().HandleAsync(Post(IpnPost), CancellationToken.None);

        Assert.Empty(result.Updates);
        using var reply = JsonDocument.Parse(result.Reply.Body!);
        Assert.Equal(500, reply.RootElement.GetProperty("status").GetInt32());
    }
}
