using System.Net;
using System.Text.Json;
using Resilience.Payments.Mpesa.Internal;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>Every row of the Reversal API's code tables (https://developer.safaricom.co.ke/apis/Reversal), one test each, and the synchronous answers.</summary>
public sealed class ReversalCodeTests
{
    [Theory]
    [InlineData("0", OutcomeKind.Succeeded)]
    [InlineData("R000001", OutcomeKind.Declined)]
    [InlineData("R000002", OutcomeKind.Declined)]
    [InlineData("11", OutcomeKind.Declined)]
    [InlineData("21", OutcomeKind.Declined)]
    [InlineData("2001", OutcomeKind.Declined)]
    [InlineData("2006", OutcomeKind.Declined)]
    [InlineData("2028", OutcomeKind.Declined)]
    [InlineData("8006", OutcomeKind.Declined)]
    [InlineData("1", OutcomeKind.Declined)]
    [InlineData("R000003", OutcomeKind.Unknown)]
    [InlineData("9999", OutcomeKind.Unknown)]
    [InlineData(" 0 ", OutcomeKind.Succeeded)]
    public void ToOutcome_EachResultCode_MapsToItsClass(string code, OutcomeKind expected)
    {
        var outcome = DarajaReversalCodes.ToOutcome(code, "desc", "ocid-1", "SKE52PAWR9");

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal("ocid-1", outcome.ProviderReference);
        Assert.Equal(code.Trim(), outcome.Code);
        if (expected == OutcomeKind.Succeeded)
        {
            Assert.Equal("SKE52PAWR9", outcome.Receipt);
        }
    }

    [Fact]
    public void ResultCodes_EveryRowIsTestedAndCitesASource()
    {
        var tested = new[] { "0", "R000001", "R000002", "11", "21", "2001", "2006", "2028", "8006", "1" };
        Assert.Equal(tested.Order(StringComparer.Ordinal), DarajaReversalCodes.ResultCodes.Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.All(DarajaReversalCodes.ResultCodes, r => Assert.StartsWith("https://", r.Source, StringComparison.Ordinal));
        Assert.All(DarajaReversalCodes.Errors, r => Assert.StartsWith("https://", r.Source, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(400, "400.002.02", OutcomeKind.NotProcessed)]
    [InlineData(404, "404.001.03", OutcomeKind.NotProcessed)]
    [InlineData(404, "404.001.01", OutcomeKind.NotProcessed)]
    [InlineData(500, "500.003.02", OutcomeKind.NotProcessed)]
    [InlineData(500, "500.003.03", OutcomeKind.NotProcessed)]
    [InlineData(500, "500.001.1001", OutcomeKind.Unknown)]
    [InlineData(500, "500.003.1001", OutcomeKind.Unknown)]
    [InlineData(503, "503.001.01", OutcomeKind.Unknown)]
    [InlineData(401, "401.002.01", OutcomeKind.NotProcessed)]
    [InlineData(408, "408.001.01", OutcomeKind.Unknown)]
    public void MapReversal_EachSynchronousError_MapsToItsClass(int status, string code, OutcomeKind expected)
    {
        using var json = JsonDocument.Parse($$"""{"requestId":"94fc","errorCode":"{{code}}","errorMessage":"Bad Request - Invalid TransactionID"}""");

        var outcome = DarajaReversalAnswers.MapReversal((HttpStatusCode)status, json.RootElement);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Code);
    }

    [Fact]
    public void MapReversal_Accepted_IsPendingWithTheOriginatorConversationId()
    {
        using var json = JsonDocument.Parse("""
            {"OriginatorConversationID":"f1e2-4b95-a71d-b30d3cdbb7a7735297","ConversationID":"AG_20210706_20106e9209f64bebd05b",
             "ResponseCode":"0","ResponseDescription":"Accept the service request successfully."}
            """);

        var outcome = DarajaReversalAnswers.MapReversal(HttpStatusCode.OK, json.RootElement);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("f1e2-4b95-a71d-b30d3cdbb7a7735297", outcome.ProviderReference);
    }

    [Fact]
    public void MapReversal_AcceptedWithOnlyAConversationId_IsPendingWithIt()
    {
        using var json = JsonDocument.Parse("""{"ConversationID":"AG_1","ResponseCode":0}""");

        var outcome = DarajaReversalAnswers.MapReversal(HttpStatusCode.OK, json.RootElement);

        Assert.Equal(OutcomeKind.Pending, outcome.Kind);
        Assert.Equal("AG_1", outcome.ProviderReference);
    }

    [Theory]
    [InlineData(200, """{"OriginatorConversationID":"o-1","ResponseCode":"1","ResponseDescription":"failed"}""")]
    [InlineData(200, """{"ResponseCode":"0"}""")]
    [InlineData(502, null)]
    [InlineData(200, null)]
    public void MapReversal_AnythingElse_IsUnknown(int status, string? body)
    {
        using var json = body is null ? null : JsonDocument.Parse(body);

        var outcome = DarajaReversalAnswers.MapReversal((HttpStatusCode)status, json?.RootElement);

        Assert.Equal(OutcomeKind.Unknown, outcome.Kind);
    }

    [Theory]
    [InlineData(200, """{"OriginatorConversationID":"q-1","ConversationID":"AG_2","ResponseCode":"0"}""", OutcomeKind.Pending)]
    [InlineData(400, """{"errorCode":"400.002.02","errorMessage":"Bad Request - Invalid OriginalConversationID"}""", OutcomeKind.Unknown)]
    [InlineData(500, """{"errorCode":"500.003.02","errorMessage":"Spike Arrest Violation"}""", OutcomeKind.Unknown)]
    public void MapStatusQuery_NeverProvesAnything(int status, string body, OutcomeKind expected)
    {
        using var json = JsonDocument.Parse(body);

        var outcome = DarajaReversalAnswers.MapStatusQuery((HttpStatusCode)status, json.RootElement, "ocid-9");

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal("ocid-9", outcome.ProviderReference);
    }

    [Fact]
    public void MapReversalResult_SafaricomSuccessSample_ReportsAmountReceiptAndTime()
    {
        var result = Parse(ReversalSamples.Success);

        var outcome = DarajaReversalAnswers.MapReversalResult(result);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(Money.Kes(1), outcome.Amount);
        Assert.Equal("SKE52PAWR9", outcome.Receipt);
        Assert.Equal("dad6-4c34-8787-c8cb963a496d1268232", outcome.ProviderReference);
        Assert.Equal(new DateTimeOffset(2021, 11, 14, 13, 27, 11, TimeSpan.FromHours(3)), outcome.OccurredAt);
    }

    [Fact]
    public void MapReversalResult_SafaricomFailureSample_IsDeclined()
    {
        var outcome = DarajaReversalAnswers.MapReversalResult(Parse(ReversalSamples.InvalidTransaction));

        Assert.Equal(OutcomeKind.Declined, outcome.Kind);
        Assert.Equal("R000002", outcome.Code);
        Assert.Null(outcome.Amount);
    }

    [Theory]
    [InlineData("Completed", "0", OutcomeKind.Succeeded)]
    [InlineData("completed", "0", OutcomeKind.Succeeded)]
    [InlineData("Pending", "0", null)]
    [InlineData("Declined", "0", null)]
    [InlineData("Completed", "2001", null)]
    public void MapStatusResult_OnlyACompletedTransactionIsConclusive(string status, string code, OutcomeKind? expected)
    {
        var result = Parse(ReversalSamples.Status(code, status));

        var outcome = DarajaReversalAnswers.MapStatusResult(result, out var reversal);

        Assert.Equal(expected, outcome?.Kind);
        Assert.Equal("3211-416020-3", reversal);
        if (outcome is not null)
        {
            Assert.Equal(Money.Kes(300), outcome.Amount);
            Assert.Equal("MBN31H462N", outcome.Receipt);
        }
    }

    private static DarajaResult Parse(string body)
    {
        Assert.True(DarajaResultParser.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out var result, out var error), error);
        return result!;
    }
}

/// <summary>Safaricom's published result payloads (https://developer.safaricom.co.ke/apis/Reversal, /apis/TransactionStatus).</summary>
internal static class ReversalSamples
{
    public const string Success = """
        {"Result":{"ResultType":0,"ResultCode":0,"ResultDesc":"The service request is processed successfully.",
         "OriginatorConversationID":"dad6-4c34-8787-c8cb963a496d1268232","ConversationID":"AG_20211114_201018edbbf9f1582eaa",
         "TransactionID":"SKE52PAWR9",
         "ResultParameters":{"ResultParameter":[
           {"Key":"DebitAccountBalance","Value":"Utility Account|KES|7722179.62|7722179.62|0.00|0.00"},
           {"Key":"Amount","Value":1.00},{"Key":"TransCompletedTime","Value":20211114132711},
           {"Key":"OriginalTransactionID","Value":"SKC82PACB8"},{"Key":"Charge","Value":0.00},
           {"Key":"CreditPartyPublicName","Value":"2547****2645 - N J S"},{"Key":"DebitPartyPublicName","Value":"600992 - Safaricom Daraja 992"}]},
         "ReferenceData":{"ReferenceItem":{"Key":"QueueTimeoutURL","Value":"https://internalsandbox.safaricom.co.ke/mpesa/reversalresults/v1/submit"}}}}
        """;

    public const string InvalidTransaction = """
        {"Result":{"ResultType":0,"ResultCode":"R000002","ResultDesc":"The OriginalTransactionID is invalid.",
         "OriginatorConversationID":"3124-481d-b706-10bdd6fbc8e21792398","ConversationID":"AG_20211114_2010573069aefb6b625a",
         "TransactionID":"SKE0000000",
         "ReferenceData":{"ReferenceItem":{"Key":"QueueTimeoutURL","Value":"https://internalsandbox.safaricom.co.ke/mpesa/reversalresults/v1/submit"}}}}
        """;

    public static string Status(string code, string status) => $$$"""
        {"Result":{"ConversationID":"AG_20180223_0000493344ae97d86f75","OriginatorConversationID":"3213-416199-2",
         "ReferenceData":{"ReferenceItem":{"Key":"Occasion"}},"ResultCode":{{{code}}},"ResultDesc":"The service request is processed successfully.",
         "ResultParameters":{"ResultParameter":[
           {"Key":"DebitPartyName","Value":"600310 - Safaricom333"},{"Key":"OriginatorConversationID","Value":"3211-416020-3"},
           {"Key":"InitiatedTime","Value":"20180223054112"},{"Key":"TransactionReason"},{"Key":"ReasonType","Value":"Reversal"},
           {"Key":"TransactionStatus","Value":"{{{status}}}"},{"Key":"FinalisedTime","Value":"20180223054112"},
           {"Key":"Amount","Value":"300"},{"Key":"ConversationID","Value":"AG_20180223_000041b09c22e613d6c9"},{"Key":"ReceiptNo","Value":"MBN31H462N"}]},
         "ResultType":0,"TransactionID":"MBN0000000"}}
        """;
}
