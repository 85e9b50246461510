using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>Issue 13: every row of the RefundRequest and refund-status mapping, over real HTTP against WireMock stubs.</summary>
public sealed class RefundMappingTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public RefundMappingTests() => StubAuth(_server);

    public void Dispose() => _server.Stop();

    [Theory]
    [InlineData(200, """{"status":"200","message":"Refund request successfully"}""", OutcomeKind.Pending, "200")]
    [InlineData(200, """{"status":200,"message":"Refund request successfully","error":null}""", OutcomeKind.Pending, "200")]
    [InlineData(200, """{"status":"500","message":"Refund rejected"}""", OutcomeKind.Declined, "500")]
    [InlineData(500, """{"status":"500","message":"Refund rejected"}""", OutcomeKind.Declined, "500")]
    [InlineData(200, """{"error":{"type":"api_error","code":"refund_not_allowed","message":"Multiple refunds are not allowed"},"status":"500"}""", OutcomeKind.Declined, "refund_not_allowed")]
    [InlineData(200, """{"error":{"type":"api_error","code":"oops","message":"?"},"status":"200"}""", OutcomeKind.Unknown, "200")]
    [InlineData(200, """{"status":"302","message":"?"}""", OutcomeKind.Unknown, "302")]
    [InlineData(200, """{}""", OutcomeKind.Unknown, "200")]
    [InlineData(200, """<html>ok</html>""", OutcomeKind.Unknown, "200")]
    [InlineData(400, """{"error":{"type":"api_error","code":"invalid_refund_request","message":"amount"},"status":"500"}""", OutcomeKind.NotProcessed, "invalid_refund_request")]
    [InlineData(401, """{"error":{"type":"api_error","code":"unauthorized","message":"token"},"status":"401"}""", OutcomeKind.NotProcessed, "unauthorized")]
    [InlineData(403, """<html>forbidden</html>""", OutcomeKind.NotProcessed, "403")]
    [InlineData(404, """<html>not found</html>""", OutcomeKind.NotProcessed, "404")]
    [InlineData(405, """<html>method</html>""", OutcomeKind.NotProcessed, "405")]
    [InlineData(429, """{"error":{"type":"api_error","code":"too_many_requests","message":"slow down"},"status":"429"}""", OutcomeKind.NotProcessed, "too_many_requests")]
    [InlineData(500, """<html>Internal Server Error</html>""", OutcomeKind.Unknown, "500")]
    [InlineData(502, """<html>Bad Gateway</html>""", OutcomeKind.Unknown, "502")]
    [InlineData(503, """<html>Service Unavailable</html>""", OutcomeKind.Unknown, "503")]
    [InlineData(504, """{"status":"500","message":"gateway"}""", OutcomeKind.Unknown, "500")]
    public async Task RefundAsync_Answer_MapsToItsClass(int status, string body, OutcomeKind expected, string code)
    {
        Stub(_server, RefundPath, status, body);

        var outcome = await Provider(_server).RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Equal(status == 401 ? 2 : 1, Calls(_server, RefundPath)); // a refused token is renewed once, before processing
    }

    [Fact]
    public async Task RefundAsync_SendsTheConfirmationCodeAmountUsernameAndRemarksOnce()
    {
        Stub(_server, RefundPath, 200, """{"status":"200","message":"Refund request successfully"}""");

        var outcome = await Provider(_server).RefundAsync(Refund(), CancellationToken.None);

        Assert.Null(outcome.ProviderReference); // Pesapal returns no refund id
        using var body = JsonDocument.Parse(LastBody(_server, RefundPath));
        Assert.Equal("SGR7LK2PQ1", body.RootElement.GetProperty("confirmation_code").GetString());
        Assert.Equal(200.50m, body.RootElement.GetProperty("amount").GetDecimal());
        Assert.Equal("Resilience.Payments", body.RootElement.GetProperty("username").GetString());
        Assert.Equal("Permit cancelled [rf-park-001]", body.RootElement.GetProperty("remarks").GetString());
        var request = _server.LogEntries.Last(e => e.RequestMessage!.AbsolutePath == RefundPath).RequestMessage!;
        Assert.Equal("Bearer " + TokenValue, request.Headers!["Authorization"].Single());
        Assert.Equal(0, Calls(_server, StatusPath)); // a full refund needs no look at the payment method
    }

    [Theory]
    [InlineData(null, TrackingId)] // no confirmation code
    [InlineData(TrackingId, TrackingId)] // the receipt is the tracking id: Pesapal gave no confirmation code
    [InlineData("SGR7LK2PQ1", null)] // no order tracking id to confirm by
    public async Task RefundAsync_ChargeWithoutWhatPesapalNeeds_IsNotProcessedAndNotSent(string? receipt, string? trackingId)
    {
        var outcome = await Provider(_server).RefundAsync(Refund(receipt: receipt, trackingId: trackingId), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(0, Calls(_server, RefundPath));
    }

    [Fact]
    public async Task RefundAsync_OtherCurrency_IsNotProcessedAndNotSent()
    {
        var outcome = await Provider(_server).RefundAsync(Refund(amount: 200.50m, currency: "USD"), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(0, Calls(_server, RefundPath));
    }

    [Theory]
    [InlineData("MpesaKE", false)]
    [InlineData("AirtelKE", false)]
    [InlineData("Visa", true)]
    [InlineData("MasterCard", true)]
    public async Task RefundAsync_PartialOfACheckout_IsSentOnlyWhenPesapalSaysItWasNotMobileMoney(string method, bool sent)
    {
        Stub(_server, StatusPath, 200, StatusBody(1, "COMPLETED", method: method), get: true);
        Stub(_server, RefundPath, 200, """{"status":"200","message":"Refund request successfully"}""");

        var outcome = await Provider(_server).RefundAsync(Refund(amount: 100), CancellationToken.None);

        Assert.Equal(sent ? OutcomeKind.Pending : OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(sent ? 1 : 0, Calls(_server, RefundPath));
    }

    [Fact]
    public async Task RefundAsync_PartialWhenThePaymentMethodIsUnknown_IsSentAndPesapalDecides()
    {
        Stub(_server, StatusPath, 500, "<html>down</html>", get: true);
        Stub(_server, RefundPath, 200, """{"status":"500","message":"Refund rejected: a mobile payment can only be refunded in full"}""");

        var outcome = await Provider(_server).RefundAsync(Refund(amount: 100), CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
    }

    [Fact]
    public async Task RefundAsync_NoReplyInTime_IsUnknown()
    {
        _server.Given(Request.Create().WithPath(RefundPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"status":"200"}""").WithDelay(TimeSpan.FromSeconds(8)));

        var outcome = await Provider(_server, TimeSpan.FromSeconds(1.5)).RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(TrackingId, outcome.ProviderReference);
    }

    [Fact]
    public async Task RefundAsync_ConnectionRefused_IsNotProcessed()
    {
        var outcome = await Provider(ClosedPort()).RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Theory]
    [InlineData(3, "REVERSED", true, OutcomeKind.Succeeded, "REVERSED")]
    [InlineData(3, "REVERSED", false, OutcomeKind.Succeeded, "REVERSED")]
    [InlineData(1, "COMPLETED", true, OutcomeKind.Pending, "COMPLETED")]
    [InlineData(0, "INVALID", true, OutcomeKind.Unknown, "0")]
    [InlineData(2, "FAILED", true, OutcomeKind.Unknown, "2")]
    [InlineData(7, "SOMETHING_NEW", true, OutcomeKind.Unknown, "7")]
    public async Task QueryRefundAsync_StatusCode_MapsToItsClass(int code, string description, bool full, OutcomeKind expected, string expectedCode)
    {
        Stub(_server, StatusPath, 200, StatusBody(code, description), get: true);

        var outcome = await Provider(_server).QueryRefundAsync(Refund(amount: full ? 200.50m : 100), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(expectedCode, outcome.Code);
        if (expected == OutcomeKind.Succeeded)
        {
            // The amount Pesapal reports is the payment's: it is the refund's only for a full refund.
            Assert.Equal(full ? Money.Kes(200.50m) : null, outcome.Amount);
        }
    }

    [Fact]
    public async Task QueryRefundAsync_ReversedWithoutAnAmount_IsUnknownForAFullRefund()
    {
        Stub(_server, StatusPath, 200, """{"status_code":3,"payment_status_description":"Reversed","merchant_reference":"park-001-1","status":"200"}""", get: true);

        var outcome = await Provider(_server).QueryRefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task QueryRefundAsync_OrderOfAnotherMerchantReference_IsUnknown()
    {
        Stub(_server, StatusPath, 200, StatusBody(3, "REVERSED", reference: "someone-else-1"), get: true);

        var outcome = await Provider(_server).QueryRefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("reference_mismatch", outcome.Code);
    }

    [Theory]
    [InlineData(500, "<html>down</html>")]
    [InlineData(200, """{"error":{"type":"api_error","code":"invalid_order_tracking_id","message":"Invalid order tracking id"},"status":"500"}""")]
    public async Task QueryRefundAsync_NoStatus_IsUnknown_NeverNotProcessed(int status, string body)
    {
        Stub(_server, StatusPath, status, body, get: true);

        var outcome = await Provider(_server).QueryRefundAsync(Refund() with { SentAt = Start.AddDays(-30) }, CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task QueryRefundAsync_NoTrackingId_IsUnknownWithoutACall()
    {
        var outcome = await Provider(_server).QueryRefundAsync(Refund(trackingId: null), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(0, Calls(_server, StatusPath));
    }

    [Fact]
    public void RefundCapabilities_PartialExceptMobileMoney_OnePerPayment_Asynchronous()
    {
        using var provider = Provider(_server);
        var capabilities = provider.RefundCapabilities;

        Assert.True(capabilities.Partial);
        Assert.Equal([InstrumentKind.MobileMoney], capabilities.FullOnlyFor);
        Assert.True(capabilities.OnePerCharge);
        Assert.True(capabilities.Asynchronous);
        Assert.NotNull(capabilities.WhyCannotRefund(Mpesa, Money.Kes(100), Money.Kes(200.50m), 0));
        Assert.Null(capabilities.WhyCannotRefund(Checkout, Money.Kes(100), Money.Kes(200.50m), 0));
    }

    [Fact]
    public void RefundUsername_BlankOrTooLong_FailsValidationNamingTheOption()
    {
        var options = Options(new Uri("https://pesapal.example/"));
        options.RefundUsername = " ";
        var blank = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new PesapalPaymentProvider(new System.Net.Http.HttpClient(), Microsoft.Extensions.Options.Options.Create(options)));
        Assert.Contains("RefundUsername", blank.Message, StringComparison.Ordinal);

        options.RefundUsername = new string('u', 101);
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new PesapalPaymentProvider(new System.Net.Http.HttpClient(), Microsoft.Extensions.Options.Options.Create(options)));
    }
}
