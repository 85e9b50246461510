namespace Resilience.Payments.Mpesa.Tests;

/// <summary>Real Daraja answers (<see cref="DarajaRealAnswers"/>, each with its source) through the adapter's own entry points.</summary>
public sealed class DarajaRealAnswersTests
{
    private readonly DarajaCallbackParser _parser = new("mpesa");

    [Fact]
    public async Task InitiateAsync_SafaricomAcceptedSample_IsPendingWithTheCheckoutRequestId()
    {
        using var stub = new DarajaStub();
        stub.Push(200, DarajaRealAnswers.PushAccepted);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("ws_CO_191220191020363925", outcome.ProviderReference);
    }

    [Theory]
    [InlineData(400, DarajaRealAnswers.PushInvalidPhoneNumber, "400.002.02")]
    [InlineData(400, DarajaRealAnswers.PushInvalidCallbackUrl, "400.002.02")]
    [InlineData(404, DarajaRealAnswers.PushInvalidAccessToken, "404.001.03")] // after the one token refresh and re-send
    [InlineData(500, DarajaRealAnswers.PushSpikeArrestFault, "policies.ratelimit.SpikeArrestViolation")] // Apigee's default status
    [InlineData(429, DarajaRealAnswers.PushSpikeArrestFault, "policies.ratelimit.SpikeArrestViolation")]
    [InlineData(500, DarajaRealAnswers.PushQuotaFault, "policies.ratelimit.QuotaViolation")]
    public async Task InitiateAsync_RealRefusalBeforeProcessing_IsNotProcessed_WithTheCode(int status, string body, string code)
    {
        using var stub = new DarajaStub();
        stub.Push(status, body);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(code, outcome.Code);
        Assert.Null(outcome.ProviderReference);
        Assert.InRange(stub.PushRequests, 1, code == "404.001.03" ? 2 : 1); // only the refused token earns one re-send
    }

    [Fact]
    public void ProxyFaults_AreRateLimitRefusals_EachCitingApigee()
    {
        Assert.Equal(2, DarajaErrorCodes.ProxyFaults.Count);
        Assert.All(DarajaErrorCodes.ProxyFaults, r =>
        {
            Assert.Equal(OutcomeKind.NotProcessed, r.Kind);
            Assert.StartsWith("policies.ratelimit.", r.Code, StringComparison.Ordinal);
            Assert.StartsWith("https://docs.apigee.com/", r.Source, StringComparison.Ordinal);
        });
        Assert.Equal(OutcomeKind.Unknown, DarajaErrorCodes.ClassifyProxyFault("messaging.adaptors.http.flow.GatewayTimeout"));
        Assert.Equal(OutcomeKind.Unknown, DarajaErrorCodes.ClassifyProxyFault(null));
    }

    [Theory]
    [InlineData(504, DarajaRealAnswers.PushGatewayTimeoutFault)] // forwarded, no answer in time
    [InlineData(500, DarajaRealAnswers.SoapEnvelopeFault)]
    [InlineData(200, DarajaRealAnswers.HtmlRejectedPage)] // 200 with an error page inside: never an acceptance
    [InlineData(500, DarajaRealAnswers.HtmlRejectedPage)]
    [InlineData(200, "")]
    [InlineData(200, """{"fault":{"faultstring":"Spike arrest violation","detail":{}}}""")] // no errorcode: proves nothing
    public async Task InitiateAsync_RealAnswerThatMayFollowProcessing_IsUnknown_NeverRetried(int status, string body)
    {
        using var stub = new DarajaStub();
        stub.Push(status, body);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Null(outcome.ProviderReference);
        Assert.Equal(1, stub.PushRequests);
    }

    [Fact]
    public async Task InitiateAsync_OAuthRefusedWithInvalidGrantType_IsNotProcessed_NothingPushed()
    {
        // The OAuth answer of https://github.com/safaricom/LNMOnlineAndroidSample/issues/34, as JSON.
        using var stub = new DarajaStub("""{"requestId":"11259-2330641-1","errorCode":"400.008.02","errorMessage":"Invalid grant type passed"}""");
        stub.Push(200, DarajaRealAnswers.PushAccepted);
        using var provider = stub.Provider();

        var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(0, stub.PushRequests);
    }

    [Fact]
    public async Task QueryStatusAsync_BeingProcessedAnswer_IsPending()
    {
        using var stub = new DarajaStub();
        stub.Query(500, DarajaRealAnswers.QueryBeingProcessed);
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status("ws_CO_20022018230142206"), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("500.001.1001", outcome.Code);
    }

    [Fact]
    public async Task QueryStatusAsync_SafaricomSuccessSampleWithTrailingComma_IsSucceeded()
    {
        using var stub = new DarajaStub();
        stub.Query(200, DarajaRealAnswers.QuerySuccess);
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status("ws_CO_13012021093521236557"), CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal("0", outcome.Code);
    }

    // ResultDesc texts as integrations quote them: https://www.kenzobe.com/blog/mpesa-daraja-api-errors, https://paylod.dev/docs/errors.
    [Theory]
    [InlineData("\"1032\"", "Request cancelled by user", OutcomeKind.Declined)]
    [InlineData("1032", "Request cancelled by user", OutcomeKind.Declined)]
    [InlineData("\"1037\"", "DS timeout user cannot be reached", OutcomeKind.Declined)]
    [InlineData("\"1037\"", "DS timeout.", OutcomeKind.Declined)] // a 2020 production answer quoted in a public integration's controller
    [InlineData("\"2001\"", "The initiator information is invalid.", OutcomeKind.Declined)]
    [InlineData("\"1\"", "The balance is insufficient for the transaction.", OutcomeKind.Declined)]
    [InlineData("\"17\"", "System internal error.", OutcomeKind.Declined)]
    [InlineData("\"1019\"", "Transaction has expired", OutcomeKind.Declined)]
    [InlineData("\"1025\"", "An error occurred while sending a push request", OutcomeKind.NotProcessed)]
    [InlineData("\"26\"", "System busy", OutcomeKind.Unknown)]
    [InlineData("\"9999\"", "An error occurred while sending a push request.", OutcomeKind.Unknown)]
    [InlineData("\"1001\"", "Unable to lock subscriber, a transaction is already in process for the current subscriber", OutcomeKind.NotProcessed)]
    public async Task QueryStatusAsync_RealResultCode_MapsToItsClass(string code, string description, OutcomeKind expected)
    {
        using var stub = new DarajaStub();
        stub.Query(200, DarajaRealAnswers.Query(code, description));
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status("ws_CO_13012021093521236557"), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code.Trim('"'), outcome.Code);
    }

    [Fact]
    public async Task QueryStatusAsync_EmptyResultCodeWhileProcessing_IsNeverFinal()
    {
        // "ResultCode": "" with "Request processing has not been completed", as a public integration's README records a query
        // made before the payer acted.
        using var stub = new DarajaStub();
        stub.Query(200, DarajaRealAnswers.Query("\"\"", "Request processing has not been completed"));
        using var provider = stub.Provider();

        var outcome = await provider.QueryStatusAsync(DarajaTestKit.Status("ws_CO_13012021093521236557"), CancellationToken.None);

        Assert.True(outcome.Kind is OutcomeKind.Pending or OutcomeKind.Unknown, outcome.Kind.ToString());
        Assert.Equal("ws_CO_13012021093521236557", outcome.ProviderReference);
    }

    [Fact]
    public void TryParse_SafaricomSuccessCallbackSample_IsSucceededWithAmountPayerAndTime()
    {
        Assert.True(_parser.TryParse(DarajaRealAnswers.CallbackSuccess, out var update, out var error), error);

        Assert.Equal(OutcomeKind.Succeeded, update!.Outcome.Kind);
        Assert.Equal("NLJ7RT61SV", update.Outcome.Receipt);
        Assert.Equal(Money.Kes(1), update.Outcome.Amount);
        Assert.Equal("254708374149", update.Outcome.Payer);
        Assert.Equal(new DateTimeOffset(2019, 12, 19, 10, 21, 15, TimeSpan.FromHours(3)), update.Outcome.OccurredAt);
    }

    [Theory]
    [InlineData("""{"Name":"Amount","Value":1}""", """{"Name":"PhoneNumber","Value":254708374149}""")]
    [InlineData("""{"Name":"Amount","Value":1.0}""", """{"Name":"PhoneNumber","Value":"254708374149"}""")]
    [InlineData("""{"Name":"Amount","Value":"1"}""", """{"Name":"PhoneNumber","Value":" 254708374149 "}""")]
    [InlineData("""{"Name":"Amount","Value":"1.00"}""", """{"Name":"Balance"},{"Name":"PhoneNumber","Value":254708374149},{"Name":"Extra","Value":{"x":1}}""")]
    public void TryParse_SuccessCallbackMetadataVariants_ReadAlike(string amount, string phone)
    {
        var body = DarajaRealAnswers.SuccessCallback(
            amount + """,{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"Balance"},{"Name":"TransactionDate","Value":20191219102115},""" + phone);

        Assert.True(_parser.TryParse(body, out var update, out var error), error);

        Assert.Equal(OutcomeKind.Succeeded, update!.Outcome.Kind);
        Assert.Equal(Money.Kes(1), update.Outcome.Amount);
        Assert.Equal("254708374149", update.Outcome.Payer);
        Assert.Equal("NLJ7RT61SV", update.Outcome.Receipt);
        Assert.Equal(new DateTimeOffset(2019, 12, 19, 7, 21, 15, TimeSpan.Zero), update.Outcome.OccurredAt);
    }

    [Fact]
    public void TryParse_SuccessCallbackWithoutPhoneNumber_IsSucceededWithNoPayer()
    {
        var body = DarajaRealAnswers.SuccessCallback("""{"Name":"Amount","Value":1.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"TransactionDate","Value":20191219102115}""");

        Assert.True(_parser.TryParse(body, out var update, out var error), error);

        Assert.Equal(OutcomeKind.Succeeded, update!.Outcome.Kind);
        Assert.Null(update.Outcome.Payer);
        Assert.Equal(Money.Kes(1), update.Outcome.Amount);
    }

    [Theory]
    [InlineData("1032", "Request cancelled by user.", OutcomeKind.Declined)]
    [InlineData("1037", "DS timeout user cannot be reached", OutcomeKind.Declined)]
    [InlineData("2001", "The initiator information is invalid.", OutcomeKind.Declined)]
    [InlineData("1", "The balance is insufficient for the transaction.", OutcomeKind.Declined)]
    [InlineData("\"1032\"", "Request cancelled by user", OutcomeKind.Declined)]
    [InlineData("1025", "Unable to send push request", OutcomeKind.NotProcessed)]
    [InlineData("9999", "Error occurred while sending a push request", OutcomeKind.Unknown)]
    public void TryParse_RealFailureCallbackWithoutMetadata_MapsToItsClass_WithoutAmount(string code, string description, OutcomeKind expected)
    {
        Assert.True(_parser.TryParse(DarajaRealAnswers.FailureCallback(code, description), out var update, out var error), error);

        Assert.Equal(expected, update!.Outcome.Kind);
        Assert.Equal(code.Trim('"'), update.Outcome.Code);
        Assert.Equal("ws_CO_191220191020363925", update.ProviderReference);
        Assert.Null(update.Outcome.Amount);
        Assert.Null(update.Outcome.Receipt);
    }
}
