namespace Resilience.Payments.Mpesa.Tests;

public sealed class QueryTests
{
    private const string CheckoutId = "ws_CO_191220191020363925";

    [Theory]
    [InlineData("0", OutcomeKind.Succeeded)]
    [InlineData("1", OutcomeKind.Declined)]
    [InlineData("2", OutcomeKind.Declined)]
    [InlineData("3", OutcomeKind.Declined)]
    [InlineData("4", OutcomeKind.Declined)]
    [InlineData("8", OutcomeKind.Declined)]
    [InlineData("17", OutcomeKind.Declined)]
    [InlineData("1019", OutcomeKind.Declined)]
    [InlineData("1025", OutcomeKind.NotProcessed)]
    [InlineData("1032", OutcomeKind.Declined)]
    [InlineData("1037", OutcomeKind.Declined)]
    [InlineData("1001", OutcomeKind.NotProcessed)]
    [InlineData("2001", OutcomeKind.Declined)]
    [InlineData("2028", OutcomeKind.NotProcessed)]
    [InlineData("8006", OutcomeKind.Declined)]
    [InlineData("SFC_IC0003", OutcomeKind.NotProcessed)]
    [InlineData("4999", OutcomeKind.Pending)] // "The transaction is still under processing", seen in real STK query answers
    [InlineData("9999", OutcomeKind.Unknown)]
    [InlineData("26", OutcomeKind.Unknown)]
    [InlineData("42", OutcomeKind.Unknown)]
    public async Task ResultCode_IsMappedByTheTable(string code, OutcomeKind expected)
    {
        using var stub = new DarajaStub();
        stub.Query(200, $$"""
            {"ResponseCode":"0","ResponseDescription":"The service request has been accepted successsfully","MerchantRequestID":"22205-34066-1",
             "CheckoutRequestID":"{{CheckoutId}}","ResultCode":"{{code}}","ResultDesc":"desc {{code}}"}
            """);
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Equal(CheckoutId, outcome.ProviderReference);
        if (expected == OutcomeKind.Declined)
        {
            Assert.Equal("desc " + code, outcome.Reason);
        }
    }

    [Fact]
    public void Table_HasEveryDocumentedRow_EachWithItsSource()
    {
        Assert.Equal(19, DarajaResultCodes.All.Count);
        Assert.True(DarajaResultCodes.TryGet("1032", out var cancelled));
        Assert.Equal(OutcomeKind.Declined, cancelled.Kind);
        Assert.False(DarajaResultCodes.TryGet("42", out _));
        Assert.All(DarajaResultCodes.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
        Assert.All(DarajaErrorCodes.All, r => Assert.StartsWith("https://developer.safaricom.co.ke/", r.Source, StringComparison.Ordinal));

        // Only a code Safaricom documents may be final; the undocumented ones are at most Pending or Unknown.
        Assert.All(DarajaResultCodes.All.Where(r => !r.Source.StartsWith(DarajaErrorCodes.MpesaExpressDocs, StringComparison.Ordinal)), r =>
            Assert.True(r.Kind is OutcomeKind.Pending or OutcomeKind.Unknown || r.Code == "1001", r.Code));
    }

    [Fact]
    public async Task PublishedSampleWithTrailingComma_IsRead()
    {
        // Safaricom's own M-Pesa Express Query sample ends its object with a comma (https://developer.safaricom.co.ke/apis/MpesaExpressQuery).
        using var stub = new DarajaStub();
        stub.Query(200, """
            {
            "ResponseCode":"0",
            "ResponseDescription": "The service request has been accepted successfully",
            "MerchantRequestID":"22205-34066-1",
            "CheckoutRequestID": "ws_CO_191220191020363925",
            "ResultCode":"0",
            "ResultDesc":"The service request is processed successfully.",
            }
            """);
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Null(outcome.Amount); // the STK query reports no amount: the push's own amount is implied
    }

    [Theory]
    [InlineData("1032")]
    [InlineData("\"1032\"")]
    [InlineData("1032.0")]
    [InlineData("\" 1032\"")]
    public async Task ResultCode_AsNumberOrString_IsReadAlike(string written)
    {
        using var stub = new DarajaStub();
        stub.Query(200, $$"""{"ResponseCode":0,"CheckoutRequestID":"{{CheckoutId}}","ResultCode":{{written}},"ResultDesc":"Request cancelled by user"}""");
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal("1032", outcome.Code);
    }

    private const string UnknownCheckout = """{"requestId":"ws_CO_191220191020363925","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid CheckoutRequestID"}""";

    [Fact]
    public async Task NoSuchCheckoutRequestId_BeforeTheSettleWindow_IsUnknown()
    {
        using var stub = new DarajaStub();
        stub.Query(400, UnknownCheckout);
        using var provider = stub.Provider(configure: o => o.NotFoundSettleTime = TimeSpan.FromMinutes(5));
        var request = DarajaTestKit.Status(CheckoutId, DarajaStub.Start);
        stub.Time.Advance(TimeSpan.FromMinutes(4));

        var outcome = await provider.QueryStatusAsync(request, CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(CheckoutId, outcome.ProviderReference);
    }

    [Fact]
    public async Task NoSuchCheckoutRequestId_AfterTheSettleWindow_IsNotProcessed()
    {
        using var stub = new DarajaStub();
        stub.Query(400, UnknownCheckout);
        using var provider = stub.Provider(configure: o => o.NotFoundSettleTime = TimeSpan.FromMinutes(5));
        var request = DarajaTestKit.Status(CheckoutId, DarajaStub.Start);
        stub.Time.Advance(TimeSpan.FromMinutes(5));

        var outcome = await provider.QueryStatusAsync(request, CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("400.002.02", outcome.Code);
    }

    [Theory]
    [InlineData(2, 0, OutcomeKind.Unknown)] // the push was in flight until 2 min after it started: the window counts from there
    [InlineData(0, 2, OutcomeKind.Unknown)] // the provider is 2 min slower than usual: the window stretches
    [InlineData(0, 0, OutcomeKind.NotProcessed)]
    public async Task NoSuchCheckoutRequestId_WindowCountsFromLastInFlight_AndStretchesWithObservedDelay(int inFlightMinutes, int delayMinutes, OutcomeKind expected)
    {
        using var stub = new DarajaStub();
        stub.Query(400, UnknownCheckout);
        using var provider = stub.Provider(configure: o => o.NotFoundSettleTime = TimeSpan.FromMinutes(5));
        var request = DarajaTestKit.Status(CheckoutId, DarajaStub.Start) with
        {
            LastInFlightAt = DarajaStub.Start.AddMinutes(inFlightMinutes),
            ObservedDelay = TimeSpan.FromMinutes(delayMinutes),
        };
        stub.Time.Advance(TimeSpan.FromMinutes(6));

        var outcome = await provider.QueryStatusAsync(request, CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
    }

    [Fact]
    public async Task NoSuchCheckoutRequestId_ForACallbackConfirmation_IsNeverApplied()
    {
        using var stub = new DarajaStub();
        stub.Query(400, UnknownCheckout);
        using var provider = stub.Provider(configure: o => o.NotFoundSettleTime = TimeSpan.FromSeconds(1));
        stub.Time.Advance(TimeSpan.FromDays(1));
        Assert.True(new DarajaCallbackParser("mpesa").TryParse(CallbackParserTests.Cancelled, out var forged, out _));

        Assert.Null(await provider.ConfirmAsync(forged!));
    }

    [Fact]
    public async Task BeingProcessed_IsPending()
    {
        using var stub = new DarajaStub();
        stub.Query(500, $$"""{"requestId":"{{CheckoutId}}","errorCode":"500.001.1001","errorMessage":"The transaction is being processed"}""");
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal(CheckoutId, outcome.ProviderReference);
    }

    [Theory]
    [InlineData(500, """{"requestId":"1","errorCode":"500.003.02","errorMessage":"Spike arrest"}""")]
    [InlineData(400, """{"requestId":"1","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid Password"}""")]
    [InlineData(400, """{"requestId":"1","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid CheckoutRequestID"}""")] // no start time known: never conclusive
    [InlineData(500, """{"requestId":"1","errorCode":"500.003.1001","errorMessage":"Internal Server Error"}""")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(200, """{"something":"else"}""")]
    [InlineData(200, """{"ResponseCode":"0","ResultCode":"\uD800","ResultDesc":"\uDC00"}""")] // unreadable strings (lone surrogates)
    public async Task FailedOrUnexpectedQuery_IsUnknown_NeverNotProcessed(int status, string body)
    {
        using var stub = new DarajaStub();
        stub.Query(status, body);
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public async Task WithoutCheckoutRequestId_IsUnknown_AndNothingIsSent()
    {
        using var stub = new DarajaStub();
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(null), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Contains("CheckoutRequestID", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(stub.Server.LogEntries);
    }

    [Fact]
    public async Task ConnectionRefused_IsUnknown_ForAQuery()
    {
        var closed = new Uri($"http://127.0.0.1:{DarajaTestKit.ClosedPort()}/");
        using var provider = DarajaTestKit.Provider(closed, TimeProvider.System);

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status(CheckoutId), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }
}
