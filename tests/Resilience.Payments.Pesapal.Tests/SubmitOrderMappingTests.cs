using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>Every row of the SubmitOrderRequest mapping, over real HTTP against WireMock stubs.</summary>
public sealed class SubmitOrderMappingTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public SubmitOrderMappingTests() => StubAuth(_server);

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task Submit_Accepted_IsActionRequiredWithRedirectAndTrackingId()
    {
        Stub(_server, SubmitPath, 200, Accepted());

        var outcome = await Provider(_server).InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.Equal(PaymentActionKind.Redirect, outcome.Action!.Kind);
        Assert.Equal(new Uri($"https://pay.pesapal.com/iframe/PesapalIframe3/Index?OrderTrackingId={TrackingId}"), outcome.Action.RedirectUrl);
        Assert.Equal(TrackingId, outcome.ProviderReference);
    }

    [Fact]
    public async Task Submit_AcceptedWithAnErrorObjectWhoseFieldsAreAllNull_IsActionRequired()
    {
        // Pesapal's success answers may carry "error":{...all null...}: that is not an error (failing over would abandon a payable order).
        Stub(_server, SubmitPath, 200, Accepted().Replace("\"error\":null", "\"error\":{\"error_type\":null,\"code\":null,\"message\":null,\"call_back_url\":null}", StringComparison.Ordinal));

        var outcome = await Provider(_server).InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        Assert.Equal(TrackingId, outcome.ProviderReference);
    }

    [Fact]
    public async Task Submit_ErrorObjectWithEmptyFieldsOnly_IsNotAnError_ButAFilledOneIs()
    {
        Stub(_server, SubmitPath, 200, Accepted().Replace("\"error\":null", "\"error\":{\"type\":\"\",\"code\":\" \",\"message\":null}", StringComparison.Ordinal));
        Assert.Equal(OutcomeKind.ActionRequired, (await Provider(_server).InitiateAsync(Order(), CancellationToken.None)).Kind);

        Stub(_server, SubmitPath, 200, Accepted().Replace("\"error\":null", "\"error\":{\"type\":\"api_error\",\"code\":null,\"message\":null}", StringComparison.Ordinal));
        Assert.Equal(OutcomeKind.NotProcessed, (await Provider(_server).InitiateAsync(Order(), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Submit_Checkout_SendsAttemptReferenceAmountCallbackNotificationIdAndBilling()
    {
        Stub(_server, SubmitPath, 200, Accepted());
        await Provider(_server).InitiateAsync(Order(), CancellationToken.None);

        var entry = _server.LogEntries.Last(e => e.RequestMessage!.AbsolutePath == SubmitPath).RequestMessage!;
        Assert.Equal("Bearer " + TokenValue, entry.Headers!["Authorization"].Single());
        using var json = JsonDocument.Parse(entry.Body!);
        var root = json.RootElement;
        Assert.Equal("park-001-1", root.GetProperty("id").GetString());
        Assert.Equal("KES", root.GetProperty("currency").GetString());
        Assert.Equal(200.50m, root.GetProperty("amount").GetDecimal());
        Assert.Equal("Parking KCA 123X", root.GetProperty("description").GetString());
        Assert.Equal("https://county.example/paid", root.GetProperty("callback_url").GetString());
        Assert.Equal(IpnId, root.GetProperty("notification_id").GetString());
        Assert.Equal("wanjiru@example.com", root.GetProperty("billing_address").GetProperty("email_address").GetString());
        Assert.Equal("0712345678", root.GetProperty("billing_address").GetProperty("phone_number").GetString());

        using var token = JsonDocument.Parse(LastBody(_server, TokenPath));
        Assert.Equal(ConsumerKey, token.RootElement.GetProperty("consumer_key").GetString());
        Assert.Equal(ConsumerSecret, token.RootElement.GetProperty("consumer_secret").GetString());
        using var ipn = JsonDocument.Parse(LastBody(_server, RegisterIpnPath));
        Assert.Equal(IpnUrl.AbsoluteUri, ipn.RootElement.GetProperty("url").GetString());
        Assert.Equal("POST", ipn.RootElement.GetProperty("ipn_notification_type").GetString());
    }

    [Fact]
    public async Task Submit_MpesaWallet_SendsPhoneOnlyAndIsActionRequired()
    {
        Stub(_server, SubmitPath, 200, Accepted());
        var outcome = await Provider(_server).InitiateAsync(Order(Mpesa), CancellationToken.None);

        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
        using var json = JsonDocument.Parse(LastBody(_server, SubmitPath));
        var billing = json.RootElement.GetProperty("billing_address");
        Assert.Equal("0712345678", billing.GetProperty("phone_number").GetString());
        Assert.False(billing.TryGetProperty("email_address", out _));
    }

    [Fact]
    public async Task Submit_AirtelWallet_IsServed()
    {
        Stub(_server, SubmitPath, 200, Accepted());
        var outcome = await Provider(_server).InitiateAsync(Order(PaymentInstrument.MobileMoney("0733123456")), CancellationToken.None);
        Assert.Equal(OutcomeKind.ActionRequired, outcome.Kind);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(500)]
    public async Task Submit_ErrorObject_IsNotProcessedWithCodeAndMessage(int status)
    {
        Stub(_server, SubmitPath, status, """{"error":{"type":"error","code":"invalid_amount","message":"Invalid amount passed"},"status":"500"}""");
        var outcome = await Provider(_server).InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("invalid_amount", outcome.Code);
        Assert.Contains("Invalid amount passed", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Submit_HttpStatusWithoutErrorObject_IsNotProcessedNoMoneyMovesBeforeThePayerActs(int status)
    {
        Stub(_server, SubmitPath, status, "<html>gateway error</html>");
        var outcome = await Provider(_server).InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Code);
        Assert.Null(outcome.Action);
    }

    [Theory]
    [InlineData("not json", "unreadable")]
    [InlineData("", "unreadable")]
    [InlineData("[1,2]", "unreadable")]
    [InlineData("""{"status":"500","message":"Internal error"}""", "500")]
    [InlineData("""{"order_tracking_id":"abc","status":"200"}""", "no_redirect")]
    [InlineData("""{"redirect_url":"https://pay.pesapal.com/x","status":"200"}""", "no_redirect")]
    [InlineData("""{"order_tracking_id":"abc","redirect_url":"javascript:alert(1)","status":"200"}""", "no_redirect")]
    public async Task Submit_UnusableSuccessBody_IsNotProcessedAndHandsOutNoUrl(string body, string code)
    {
        Stub(_server, SubmitPath, 200, body);
        var outcome = await Provider(_server).InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Null(outcome.Action);
    }

    [Fact]
    public async Task Submit_NoReplyWithinTimeout_IsNotProcessedBecauseThePayerNeverGotThePage()
    {
        _server.Given(Request.Create().WithPath(SubmitPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Accepted()).WithDelay(TimeSpan.FromSeconds(6)));

        using var provider = Provider(new Uri(_server.Url!), TimeSpan.FromSeconds(2), notificationId: IpnId);
        await provider.QueryStatusAsync(Status(), CancellationToken.None); // caches the token (its first request may be slow on a cold server)

        var outcome = await provider.InitiateAsync(Order(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("timeout", outcome.Code);
        Assert.Null(outcome.Action);
    }

    [Fact]
    public async Task Submit_ConnectionRefused_IsNotProcessed()
    {
        var outcome = await Provider(ClosedPort()).InitiateAsync(Order(), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("no_token", outcome.Code); // the token request is the first to fail
    }

    [Fact]
    public async Task Submit_CardToken_IsNotProcessedWithoutAnyRequest()
    {
        var outcome = await Provider(_server).InitiateAsync(Order(PaymentInstrument.Card("AUTH_8dfhjjdt")), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("unsupported", outcome.Code);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task Submit_CurrencyNotConfigured_IsNotProcessedWithoutAnyRequest()
    {
        var outcome = await Provider(_server).InitiateAsync(Order(currency: "USD"), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Empty(_server.LogEntries);
    }

    [Theory]
    [InlineData("park 001-1")]
    [InlineData("park/001-1")]
    [InlineData("a-very-long-idempotency-key-that-pesapal-would-refuse-1")]
    public async Task Submit_ReferencePesapalWouldRefuse_IsNotProcessedNamingTheField(string reference)
    {
        var outcome = await Provider(_server).InitiateAsync(Order(reference: reference), CancellationToken.None);
        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.StartsWith("Pesapal id:", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(_server.LogEntries);
    }
}
