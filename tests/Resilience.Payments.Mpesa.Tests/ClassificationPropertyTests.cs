using System.Text.Json;
using CsCheck;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>
/// Properties of the adapter's classification (issue 11 part 5): a 5xx received after the STK push was sent is never
/// NotProcessed unless Safaricom documents it as a refusal, and every reader of the adapter reads a result code alike, whether it
/// comes as a number or a string, in a callback or an STK query answer.
/// </summary>
public sealed class ClassificationPropertyTests
{
    private static readonly string[] Codes =
        ["400.002.02", "404.001.03", "404.001.01", "405.001", "500.001.1001", "500.003.02", "500.003.03", "500.003.1001", "500.002.1001", "503.001.01", "500.001.1002"];

    private static readonly string[] Messages =
    [
        "Merchant does not exist", "Wrong credentials", "Unable to lock subscriber, a transaction is already in process for the current subscriber",
        "System is busy. Please try again in few minutes.", "Quota Violation", "Internal Server Error", "The transaction is being processed", "Bad Request - Invalid Amount",
    ];

    private static readonly Gen<(int Status, string Code, string Message)> Answers = Gen.Select(
        Gen.Int[500, 599],
        Gen.Frequency((4, Gen.OneOf(Codes)), (1, Gen.String[Gen.Char["0123456789."], 1, 14])),
        Gen.Frequency((4, Gen.OneOf(Messages)), (1, Gen.String)));

    [Fact]
    public void ClassifyStkPush_Any5xx_IsNotProcessedOnlyWhenOnTheCitedList()
    {
        Answers.Sample((status, code, message) =>
        {
            var kind = DarajaErrorCodes.ClassifyStkPush(status, code, message);
            Assert.True(kind is OutcomeKind.NotProcessed or OutcomeKind.Unknown);
            if (kind == OutcomeKind.NotProcessed)
            {
                var row = DarajaErrorCodes.Find(code, message);
                Assert.NotNull(row);
                Assert.Equal(OutcomeKind.NotProcessed, row.Kind);
                Assert.StartsWith("https://developer.safaricom.co.ke/", row.Source, StringComparison.Ordinal);
            }
        }, iter: 5000, seed: "0000VVUuaJi6");
    }

    [Fact]
    public async Task InitiateAsync_Any5xxAfterTheStkPushWasSent_IsNeverNotProcessedUnlessOnTheCitedList()
    {
        using var stub = new DarajaStub();
        var answer = (Status: 500, Body: "{}");
        stub.Server.Given(Request.Create().WithPath(DarajaStub.PushPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
        {
            var current = answer;
            return new WireMock.ResponseMessage
            {
                StatusCode = current.Status,
                BodyData = new WireMock.Util.BodyData { BodyAsString = current.Body, DetectedBodyType = WireMock.Types.BodyType.String },
            };
        }));
        using var provider = stub.Provider();

        await Answers.SampleAsync(async (status, code, message) =>
        {
            answer = (status, JsonSerializer.Serialize(new Dictionary<string, string> { ["requestId"] = "1", ["errorCode"] = code, ["errorMessage"] = message }));
            var outcome = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);

            Assert.True(outcome.Kind is OutcomeKind.NotProcessed or OutcomeKind.Unknown, $"{status} {code} {message}: {outcome.Kind}");
            if (outcome.Kind == OutcomeKind.NotProcessed)
            {
                Assert.Equal(OutcomeKind.NotProcessed, DarajaErrorCodes.Find(code, message)?.Kind);
            }
        }, iter: 120, threads: 1, seed: "0000VVUuaJi6");
    }

    [Fact]
    public async Task ResultCodes_AsNumbersOrStrings_InCallbacksAndQueries_AreReadAlike()
    {
        using var stub = new DarajaStub();
        var queryBody = "{}";
        stub.Server.Given(Request.Create().WithPath(DarajaStub.QueryPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ => new WireMock.ResponseMessage
        {
            StatusCode = 200,
            BodyData = new WireMock.Util.BodyData { BodyAsString = queryBody, DetectedBodyType = WireMock.Types.BodyType.String },
        }));
        using var provider = stub.Provider();
        var parser = new DarajaCallbackParser("mpesa");
        var known = DarajaResultCodes.All.Select(static r => r.Code).Where(static c => int.TryParse(c, out _)).ToArray();
        var codes = Gen.Frequency((3, Gen.OneOf(known)), (1, Gen.Int[0, 99999].Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        await Gen.Select(codes, Gen.Bool, Gen.Bool).SampleAsync(async (code, trailingComma, padded) =>
        {
            var asString = padded ? $"\" {code} \"" : $"\"{code}\"";
            var comma = trailingComma ? "," : string.Empty;
            Assert.True(parser.TryParse(Callback(code, comma), out var fromNumber, out var error), error);
            Assert.True(parser.TryParse(Callback(asString, comma), out var fromString, out error), error);
            queryBody = $$"""{"ResponseCode":"0","MerchantRequestID":"1","CheckoutRequestID":"ws_CO_1","ResultCode":{{(trailingComma ? code : asString)}},"ResultDesc":"d"{{comma}}}""";
            var fromQuery = await provider.QueryStatusAsync(DarajaTestKit.Status("ws_CO_1"), CancellationToken.None);

            var expected = DarajaResultCodes.TryGet(code, out var row) ? row.Kind : OutcomeKind.Unknown;
            Assert.Equal(expected, fromNumber!.Outcome.Kind);
            Assert.Equal(expected, fromString!.Outcome.Kind);
            Assert.Equal(expected, fromQuery.Kind);
            Assert.Equal(code, fromNumber.Outcome.Code);
            Assert.Equal(code, fromString.Outcome.Code);
            Assert.Equal(code, fromQuery.Code);
        }, iter: 100, threads: 1, seed: "0000VVUuaJi6");
    }

    [Fact]
    public void UnknownResultCode_IsNeverDeclinedOrNotProcessed()
    {
        Gen.Int[-1000, 100000].Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Sample(code =>
        {
            if (!DarajaResultCodes.TryGet(code, out _))
            {
                Assert.Equal(OutcomeKind.Unknown, DarajaResultCodes.ToOutcome(code, "d", "ws_CO_1").Kind);
            }
        }, iter: 5000, seed: "0000VVUuaJi6");
    }

    private static string Callback(string resultCode, string trailingComma) =>
        """{"Body":{"stkCallback":{"MerchantRequestID":"1","CheckoutRequestID":"ws_CO_1","ResultCode":""" + resultCode + "," + "\"ResultDesc\":\"d\"" + trailingComma + "}}}";
}
