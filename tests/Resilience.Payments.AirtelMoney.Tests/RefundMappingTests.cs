using System.Text.Json;
using WireMock.ResponseBuilders;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;
using Wm = WireMock.RequestBuilders.Request;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>Issue 13: every documented refund answer and refund enquiry status, over real HTTP, mapped to its outcome class.</summary>
public sealed class RefundMappingTests : IDisposable
{
    private readonly AirtelStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Theory]
    [InlineData("DP00800001000", OutcomeKind.Unknown)]
    [InlineData("DP00800001001", OutcomeKind.Succeeded)]
    [InlineData("DP00800001002", OutcomeKind.Declined)]
    [InlineData("DP00800001003", OutcomeKind.Declined)]
    [InlineData("DP00800001004", OutcomeKind.NotProcessed)]
    [InlineData("DP00800001005", OutcomeKind.Declined)]
    [InlineData("DP00800001006", OutcomeKind.Pending)]
    [InlineData("DP00800001007", OutcomeKind.Declined)] // the merchant's wallet cannot pay the refund
    [InlineData("DP00800001008", OutcomeKind.Declined)]
    [InlineData("DP00800001009", OutcomeKind.Declined)]
    [InlineData("DP00800001010", OutcomeKind.NotProcessed)]
    [InlineData("DP00800001024", OutcomeKind.Unknown)]
    [InlineData("DP00800001025", OutcomeKind.NotProcessed)] // the airtel_money_id names no transaction: nothing to refund
    [InlineData("DP00800001026", OutcomeKind.NotProcessed)]
    [InlineData("DP00800001029", OutcomeKind.Declined)]
    public async Task RefundAsync_ResponseCode_MapsToItsClass(string responseCode, OutcomeKind expected)
    {
        var accepted = expected is OutcomeKind.Pending or OutcomeKind.Succeeded or OutcomeKind.Unknown;
        _stub.Refund(200, AirtelStub.RefundAnswer(accepted ? "ESB000010" : "ESB000011", responseCode, transactionStatus: accepted ? "SUCCESS" : "FAILED"));

        var outcome = await _stub.Provider().RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(responseCode, outcome.Code);
        if (expected is OutcomeKind.Pending or OutcomeKind.Unknown or OutcomeKind.Succeeded or OutcomeKind.Declined)
        {
            Assert.Equal("rf-1", outcome.ProviderReference);
        }
    }

    [Theory]
    [InlineData(200, "ESB000010", OutcomeKind.Pending)]
    [InlineData(200, "ESB000001", OutcomeKind.Unknown)]
    [InlineData(200, "ESB000004", OutcomeKind.Unknown)]
    [InlineData(200, "ESB000014", OutcomeKind.Unknown)]
    [InlineData(200, "0000900", OutcomeKind.Unknown)]
    [InlineData(200, "ESB000011", OutcomeKind.Declined)]
    [InlineData(400, "ESB000008", OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000033", OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000034", OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000035", OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000036", OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000039", OutcomeKind.NotProcessed)]
    [InlineData(400, "ESB000041", OutcomeKind.Unknown)]
    [InlineData(200, "ESB000045", OutcomeKind.NotProcessed)] // no transaction with this airtel_money_id: refused before processing
    [InlineData(400, "ROUTER001", OutcomeKind.NotProcessed)]
    [InlineData(400, "ROUTER003", OutcomeKind.NotProcessed)]
    [InlineData(400, "ROUTER005", OutcomeKind.NotProcessed)]
    [InlineData(400, "ROUTER006", OutcomeKind.NotProcessed)]
    [InlineData(403, "ROUTER007", OutcomeKind.NotProcessed)]
    [InlineData(400, "ROUTER112", OutcomeKind.NotProcessed)]
    [InlineData(500, "ROUTER117", OutcomeKind.Unknown)]
    public async Task RefundAsync_ResultCodeWithoutResponseCode_MapsToItsClass(int status, string resultCode, OutcomeKind expected)
    {
        _stub.Refund(status, AirtelStub.RefundAnswer(resultCode, transactionStatus: null, code: status));

        var outcome = await _stub.Provider().RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(resultCode, outcome.Code);
    }

    [Theory]
    [InlineData("SUCCESS", OutcomeKind.Pending)] // the documented answer: accepted, confirmed by enquiry
    [InlineData("TS", OutcomeKind.Succeeded)]
    [InlineData("TF", OutcomeKind.Declined)]
    [InlineData("TA", OutcomeKind.Unknown)]
    [InlineData("TIP", OutcomeKind.Pending)]
    [InlineData("TE", OutcomeKind.Declined)]
    [InlineData("REFUNDED", OutcomeKind.Unknown)] // undocumented: enquire
    public async Task RefundAsync_AcceptedWithTransactionStatus_MapsToItsClass(string transactionStatus, OutcomeKind expected)
    {
        _stub.Refund(200, AirtelStub.RefundAnswer("ESB000010", transactionStatus: transactionStatus));

        var outcome = await _stub.Provider().RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal("rf-1", outcome.ProviderReference);
    }

    [Fact]
    public void RefundTables_HaveTheirRows_EachCitingItsSource()
    {
        Assert.Equal(15, AirtelMoneyCodes.RefundResponseCodes.Count);
        Assert.Equal(AirtelMoneyCodes.ResultCodes.Count, AirtelMoneyCodes.RefundResultCodes.Count);
        Assert.Equal(6, AirtelMoneyCodes.RefundStatuses.Count);
        foreach (var row in AirtelMoneyCodes.RefundResponseCodes.Concat(AirtelMoneyCodes.RefundResultCodes).Concat(AirtelMoneyCodes.RefundStatuses))
        {
            Assert.Contains("developers.airtel.africa", row.Source, StringComparison.Ordinal);
        }

        Assert.Contains("inferred", AirtelMoneyCodes.RefundSources, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefundAsync_AnswerAboutAnotherId_HasNoProviderReference()
    {
        _stub.Refund(200, AirtelStub.RefundAnswer("ESB000010", id: "someone-else"));

        var outcome = await _stub.Provider().RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Null(outcome.ProviderReference);
    }

    [Fact]
    public async Task RefundAsync_SucceededCodeWithHttpError_IsUnknown()
    {
        _stub.Refund(500, AirtelStub.RefundAnswer("ESB000010", "DP00800001001", code: 500));

        var outcome = await _stub.Provider().RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Theory]
    [InlineData(400, OutcomeKind.NotProcessed)]
    [InlineData(403, OutcomeKind.NotProcessed)]
    [InlineData(404, OutcomeKind.NotProcessed)]
    [InlineData(405, OutcomeKind.NotProcessed)]
    [InlineData(429, OutcomeKind.NotProcessed)]
    [InlineData(200, OutcomeKind.Unknown)]
    [InlineData(408, OutcomeKind.Unknown)]
    [InlineData(500, OutcomeKind.Unknown)]
    [InlineData(502, OutcomeKind.Unknown)]
    [InlineData(503, OutcomeKind.Unknown)]
    [InlineData(504, OutcomeKind.Unknown)]
    public async Task RefundAsync_HttpStatusWithoutAirtelBody_MapsToItsClass(int status, OutcomeKind expected)
    {
        _stub.Refund(status, "<html>gateway</html>");

        var outcome = await _stub.Provider().RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(1, _stub.RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_SendsTheAirtelMoneyIdAndTheRefundReferenceOnce()
    {
        _stub.Refund(200, AirtelStub.RefundAnswer("ESB000010"));

        await _stub.Provider().RefundAsync(Refund(), CancellationToken.None);

        var request = _stub.LastRefund.RequestMessage!;
        using var body = JsonDocument.Parse(request.Body!);
        var transaction = body.RootElement.GetProperty("transaction");
        Assert.Equal("MP210603.1234.L06941", transaction.GetProperty("airtel_money_id").GetString());
        Assert.Equal("rf-1", transaction.GetProperty("id").GetString());
        Assert.Equal("Permit cancelled", body.RootElement.GetProperty("reference").GetString());
        Assert.Equal("KE", request.Headers!["X-Country"].Single());
        Assert.Equal("KES", request.Headers!["X-Currency"].Single());
        Assert.Equal("Bearer " + AirtelStub.Token, request.Headers!["Authorization"].Single());
        Assert.Equal(1, _stub.RefundRequests);
    }

    [Theory]
    [InlineData(null, 200, "KES")] // no airtel_money_id recorded
    [InlineData("MP1", 150, "KES")] // partial
    [InlineData("MP1", 200, "UGX")] // another currency
    public async Task RefundAsync_WhatAirtelCannotRefund_IsNotProcessedAndNotSent(string? receipt, int amount, string currency)
    {
        var outcome = await _stub.Provider().RefundAsync(Refund(receipt, amount, charged: currency == "KES" ? 200 : amount, currency: currency), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
        Assert.Equal(0, _stub.RefundRequests);
    }

    [Fact]
    public async Task RefundAsync_NoReplyInTime_IsUnknownWithTheRefundReference()
    {
        _stub.Server.Given(Wm.Create().WithPath(AirtelStub.RefundPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(AirtelStub.RefundAnswer("ESB000010")).WithDelay(TimeSpan.FromSeconds(8)));

        var outcome = await _stub.Provider(TimeSpan.FromSeconds(1.5)).RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
        Assert.Equal("rf-1", outcome.ProviderReference);
    }

    [Fact]
    public async Task RefundAsync_ConnectionRefused_IsNotProcessed()
    {
        var outcome = await Provider(ClosedPort(), _stub.Time).RefundAsync(Refund(), CancellationToken.None);

        Assert.Equal(OutcomeKind.NotProcessed, outcome.Kind);
    }

    [Theory]
    [InlineData("TS", OutcomeKind.Succeeded)]
    [InlineData("TF", OutcomeKind.Declined)]
    [InlineData("TA", OutcomeKind.Unknown)]
    [InlineData("TIP", OutcomeKind.Pending)]
    [InlineData("TE", OutcomeKind.Declined)]
    [InlineData("SUCCESS", OutcomeKind.Unknown)] // an acceptance word is no enquiry answer
    [InlineData("XYZ", OutcomeKind.Unknown)]
    public async Task QueryRefundAsync_EnquiryStatus_MapsToItsClass(string status, OutcomeKind expected)
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer(status, id: "rf-1"), id: "rf-1");

        var outcome = await _stub.Provider().QueryRefundAsync(Refund(sentAt: AirtelStub.Start), CancellationToken.None);

        Assert.Equal(expected, outcome.Kind);
        if (expected == OutcomeKind.Succeeded)
        {
            Assert.Equal("MP210603.1234.L06941", outcome.Receipt);
        }
    }

    [Fact]
    public async Task QueryRefundAsync_ReportedAmount_IsCarried_AndAnUnreadableOneIsNoSuccess()
    {
        _stub.Enquiry(200, """{"data":{"transaction":{"id":"rf-1","status":"TS","amount":"200"}},"status":{"code":"200","result_code":"ESB000010","success":true}}""", id: "rf-1");
        var outcome = await _stub.Provider().QueryRefundAsync(Refund(sentAt: AirtelStub.Start), CancellationToken.None);
        Assert.Equal(Money.Kes(200), outcome.Amount);

        _stub.Enquiry(200, """{"data":{"transaction":{"id":"rf-1","status":"TS","amount":"two hundred"}},"status":{"code":"200","result_code":"ESB000010","success":true}}""", id: "rf-1");
        Assert.Equal(OutcomeKind.Unknown, (await _stub.Provider().QueryRefundAsync(Refund(sentAt: AirtelStub.Start), CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task QueryRefundAsync_AnswerAboutAnotherId_IsUnknown()
    {
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TS", id: "pay-1-1"), id: "rf-1");

        var outcome = await _stub.Provider().QueryRefundAsync(Refund(sentAt: AirtelStub.Start), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Theory]
    [InlineData("""{"data":{},"status":{"code":"200","message":"No Transaction Found","result_code":"ESB000045","success":false}}""")]
    [InlineData("""{"data":{},"status":{"code":"200","message":"Not found","result_code":"ESB000011","response_code":"DP00800001025","success":false}}""")]
    public async Task QueryRefundAsync_NotFound_IsUnknownInsideTheSettleWindow_NotProcessedAfter(string body)
    {
        _stub.Enquiry(200, body, id: "rf-1");
        var provider = _stub.Provider();
        var request = Refund(sentAt: _stub.Time.GetUtcNow());

        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryRefundAsync(request, CancellationToken.None)).Kind);
        Assert.Equal(OutcomeKind.Unknown, (await provider.QueryRefundAsync(request with { SentAt = null }, CancellationToken.None)).Kind);

        _stub.Time.Advance(new AirtelMoneyOptions().NotFoundSettleTime);
        Assert.Equal(OutcomeKind.NotProcessed, (await provider.QueryRefundAsync(request, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task QueryRefundAsync_ConnectionRefused_IsUnknown()
    {
        var outcome = await Provider(ClosedPort(), _stub.Time).QueryRefundAsync(Refund(sentAt: AirtelStub.Start), CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Fact]
    public void RefundCapabilities_WholeOncePerChargeAsynchronous()
    {
        var capabilities = _stub.Provider().RefundCapabilities;

        Assert.True(capabilities.Supported);
        Assert.False(capabilities.Partial);
        Assert.True(capabilities.OnePerCharge);
        Assert.True(capabilities.Asynchronous);
    }
}
