using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Resilience.Payments.Mpesa.Tests;

public sealed class InitiateTests
{
    [Fact]
    public async Task Accepted_IsPending_WithCheckoutRequestId()
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("ws_CO_1007202409152617172396192", outcome.ProviderReference);
    }

    [Theory]
    [InlineData(400, "400.002.02", "Bad Request - Invalid BusinessShortCode")]
    [InlineData(404, "404.001.01", "Resource not found")]
    [InlineData(405, "405.001", "Method Not Allowed")]
    [InlineData(500, "500.001.1001", "Merchant does not exist")]
    [InlineData(500, "500.001.1001", "Unable to lock subscriber, a transaction is already in process for the current subscriber")]
    [InlineData(500, "500.003.02", "System is busy. Please try again in few minutes.")]
    [InlineData(500, "500.001.1001", "[MerchantValidate] - Wrong credentials")]
    [InlineData(500, "500.003.02", "Error Occurred: Spike Arrest Violation")]
    [InlineData(500, "500.003.03", "Quota Violation")]
    [InlineData(400, "400.002.05", "Invalid Request Payload")] // another documented Daraja 4xx: refused before processing
    public async Task DarajaErrorCode_DocumentedAsARefusal_IsNotProcessed_WithTheCode(int status, string code, string message)
    {
        using var stub = new DarajaStub();
        stub.Push(status, $$"""{"requestId":"11728-2929992-1","errorCode":"{{code}}","errorMessage":"{{message}}"}""");
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(code, outcome.Code); // codes are kept as the provider wrote them
        Assert.Null(outcome.ProviderReference);
        Assert.Equal(1, stub.PushRequests);
    }

    [Theory]
    [InlineData(500, "500.003.1001", "Internal Server Error")] // a generic backend error after the push was received (issue 11)
    [InlineData(500, "500.001.1001", "The transaction is being processed")]
    [InlineData(500, "500.001.1001", "Something nobody documented")]
    [InlineData(502, "502.001.01", "Bad Gateway")]
    [InlineData(503, "503.001.01", "Service Unavailable")]
    [InlineData(408, "408.001.01", "Request Timeout")]
    public async Task DarajaErrorCode_NotDocumentedAsARefusal_IsUnknown_NeverNotProcessed(int status, string code, string message)
    {
        using var stub = new DarajaStub();
        stub.Push(status, $$"""{"requestId":"11728-2929992-1","errorCode":"{{code}}","errorMessage":"{{message}}"}""");
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(code, outcome.Code); // codes are kept as the provider wrote them
        Assert.Null(outcome.ProviderReference);
        Assert.Equal(1, stub.PushRequests); // never re-sent
    }

    [Fact]
    public async Task InvalidAccessToken_RefreshesOnce_AndRetriesOnce()
    {
        using var stub = new DarajaStub();
        var calls = 0;
        stub.Server.Given(Request.Create().WithPath(DarajaStub.PushPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
        {
            var first = Interlocked.Increment(ref calls) == 1;
            return new WireMock.ResponseMessage
            {
                StatusCode = first ? 404 : 200,
                BodyData = new WireMock.Util.BodyData
                {
                    BodyAsString = first ? """{"requestId":"1","errorCode":"404.001.03","errorMessage":"Invalid Access Token"}""" : DarajaStub.Accepted,
                    DetectedBodyType = WireMock.Types.BodyType.String,
                },
            };
        }));
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal(2, stub.TokenRequests);
        Assert.Equal(2, stub.PushRequests);
    }

    [Fact]
    public async Task InvalidAccessToken_Twice_IsNotProcessed_AfterOneRetry()
    {
        using var stub = new DarajaStub();
        stub.Push(404, """{"requestId":"1","errorCode":"404.001.03","errorMessage":"Invalid Access Token"}""");
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal("404.001.03", outcome.Code);
        Assert.Equal(2, stub.TokenRequests);
        Assert.Equal(2, stub.PushRequests);
    }

    [Fact]
    public async Task PasswordAndTimestamp_AreBuiltFromShortcodePasskeyAndNairobiTime()
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        var body = stub.PushBody();
        Assert.Equal("20210628092408", body.GetProperty("Timestamp").GetString());
        Assert.Equal(
            "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4",
            body.GetProperty("Password").GetString());
        Assert.Equal(174379, body.GetProperty("BusinessShortCode").GetInt32());
        Assert.Equal("CustomerPayBillOnline", body.GetProperty("TransactionType").GetString());
        Assert.Equal("254712345678", body.GetProperty("PartyA").GetString());
        Assert.Equal("254712345678", body.GetProperty("PhoneNumber").GetString());
        Assert.Equal("174379", body.GetProperty("PartyB").GetString());
        var callbackUrl = new Uri(body.GetProperty("CallBackURL").GetString()!);
        Assert.Equal("https://example.org/cb", callbackUrl.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(callbackUrl.Query); // the attempt and its signed token ride along for a push whose reply is lost
        Assert.Equal("pay-1-1", query[DarajaPaymentProvider.AttemptQueryParameter]);
        var token = query[DarajaPaymentProvider.AttemptTokenQueryParameter];
        Assert.Equal(43, token!.Length);
        Assert.True(new Resilience.Payments.Callbacks.CallbackTokenSigner([DarajaTestKit.SigningKey]).Verify("daraja-attempt", "pay-1-1", token));
        Assert.Equal("KCA123X", body.GetProperty("AccountReference").GetString());
        Assert.Equal("Parking", body.GetProperty("TransactionDesc").GetString());
    }

    [Fact]
    public async Task CallbackUrlWithoutAttempt_CarriesNeitherAttemptNorToken()
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider(configure: o => o.CallbackUrlIncludesAttempt = false);

        await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal("https://example.org/cb", stub.PushBody().GetProperty("CallBackURL").GetString());
    }

    [Fact]
    public async Task AcceptedAnswer_WithTrailingCommaAndNumericResponseCode_IsReadAlike()
    {
        using var stub = new DarajaStub();
        stub.Push(200, """{"MerchantRequestID":"2654-1","CheckoutRequestID":"ws_CO_1","ResponseCode":0,"CustomerMessage":"Success",}""");
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("ws_CO_1", outcome.ProviderReference);
    }

    [Fact]
    public async Task BuyGoods_SendsTheTillAsPartyB()
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider(configure: o => { o.TransactionType = DarajaTransactionType.CustomerBuyGoodsOnline; o.PartyB = "600000"; });

        await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        var body = stub.PushBody();
        Assert.Equal("CustomerBuyGoodsOnline", body.GetProperty("TransactionType").GetString());
        Assert.Equal("600000", body.GetProperty("PartyB").GetString());
    }

    [Fact]
    public async Task Amount_IsSentAsWholeShillingsString()
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        await provider.InitiateAsync(DarajaTestKit.Request(amount: 1500.00m), CancellationToken.None);

        var body = stub.PushBody();
        Assert.Equal(JsonValueKind.String, body.GetProperty("Amount").ValueKind);
        Assert.Equal("1500", body.GetProperty("Amount").GetString());
    }

    [Theory]
    [InlineData(10.5, "Amount")]
    [InlineData(0, "Amount")]
    [InlineData(250001, "Amount")]
    public async Task AmountItCannotSend_IsNotProcessed_NamingTheField_AndNothingIsSent(decimal amount, string field)
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(amount: amount), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.StartsWith(field, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, stub.PushRequests);
    }

    [Theory]
    [InlineData("ABCDEFGHIJKLM", "Parking", "AccountReference")]
    [InlineData("KCA123X", "Parking fee KCA", "TransactionDesc")]
    public async Task FieldTooLong_IsNotProcessed_NamingTheField_AndNothingIsSent(string accountReference, string description, string field)
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(accountReference: accountReference, description: description), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Contains(field, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, stub.PushRequests);
        Assert.Equal(0, stub.TokenRequests);
    }

    [Fact]
    public async Task FieldsAtTheirLimits_AreSent()
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(accountReference: "ABCDEFGHIJKL", description: "Parking fee K"), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
    }

    [Fact]
    public async Task AirtelNumber_IsNotProcessed_NamingTheInstrument()
    {
        using var stub = new DarajaStub();
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(phone: "0733123456"), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.StartsWith("Instrument", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("0733123456", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiftyConcurrentPayments_FetchOneToken()
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => provider.InitiateAsync(DarajaTestKit.Request(attempt: i), CancellationToken.None)));

        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.Pending, o.Kind));
        Assert.Equal(1, stub.TokenRequests);
        Assert.Equal(50, stub.PushRequests);
    }

    [Theory]
    [InlineData("""{"access_token":"c9SQxWWhmdVRlyh0zh8gZDTkubVF","expires_in":"3599"}""")]
    [InlineData("""{"access_token":"c9SQxWWhmdVRlyh0zh8gZDTkubVF","expires_in":3599}""")]
    public async Task ExpiresIn_AsStringOrNumber_IsCachedUntilShortlyBeforeExpiry(string tokenBody)
    {
        using var stub = new DarajaStub(tokenBody);
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        Assert.Equal(OutcomeKind.Pending, (await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None)).Kind);
        stub.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(OutcomeKind.Pending, (await provider.InitiateAsync(DarajaTestKit.Request(attempt: 2), CancellationToken.None)).Kind);
        Assert.Equal(1, stub.TokenRequests);

        stub.Time.Advance(TimeSpan.FromMinutes(9.5)); // within a minute of expiry: refreshed
        Assert.Equal(OutcomeKind.Pending, (await provider.InitiateAsync(DarajaTestKit.Request(attempt: 3), CancellationToken.None)).Kind);
        Assert.Equal(2, stub.TokenRequests);
    }

    [Fact]
    public async Task OAuthRejected_IsNotProcessed_AndNoStkIsSent()
    {
        using var stub = new DarajaStub();
        stub.Server.Given(Request.Create().WithPath(DarajaStub.TokenPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("""{"requestId":"1","errorCode":"400.008.01","errorMessage":"Invalid Authentication passed"}"""));
        stub.Push(200, DarajaStub.Accepted);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Contains("400.008.01", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, stub.PushRequests);
    }

    [Fact]
    public async Task ConnectionRefused_IsNotProcessed()
    {
        var closed = new Uri($"http://127.0.0.1:{DarajaTestKit.ClosedPort()}/");
        using var provider = DarajaTestKit.Provider(closed, TimeProvider.System, TimeSpan.FromSeconds(5));

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Fact]
    public async Task ConnectionRefused_OnStkAfterToken_IsNotProcessed()
    {
        await using var sim = new Resilience.Payments.Testing.Simulators.Mpesa.DarajaSimulator(timeProvider: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DarajaStub.Start));
        using var provider = DarajaTestKit.Provider(sim.BaseAddress, TimeProvider.System, TimeSpan.FromSeconds(5));
        Assert.Equal(OutcomeKind.Pending, (await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None)).Kind);

        sim.Down();
        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(attempt: 2), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Fact]
    public async Task ReplyThatNeverComes_IsUnknown_ViaTheHttpClientTimeout()
    {
        using var stub = new DarajaStub();
        stub.Server.Given(Request.Create().WithPath(DarajaStub.PushPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(DarajaStub.Accepted).WithDelay(TimeSpan.FromSeconds(30)));

        // The client's timeout covers the OAuth token request too: it must be long enough for that on a loaded machine (a token
        // request cut short is rightly NotProcessed: the push was never sent) and far shorter than the held reply.
        using var provider = stub.Provider(TimeSpan.FromSeconds(3));

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Null(outcome.ProviderReference);
    }

    [Theory]
    [InlineData(500, "<html>Internal error</html>")]
    [InlineData(502, "")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(504, "{\"fault\":\"gateway timeout\"}")]
    public async Task Non_Daraja5xx_IsUnknown(int status, string body)
    {
        using var stub = new DarajaStub();
        stub.Push(status, body);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }
}
