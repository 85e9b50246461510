using System.Net;
using System.Net.Http;
using System.Text;
using CsCheck;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>
/// Issue 11 part 5: whatever Airtel answers after the collection was sent, the adapter fails over (NotProcessed) or declines
/// only on a code Airtel documents as such (the cited rows of <see cref="AirtelMoneyCodes"/>), however the code is spelt.
/// </summary>
public sealed class ClassificationPropertyTests
{
    private static readonly string[] Documented =
        [.. AirtelMoneyCodes.ResponseCodes.Select(c => c.Code), .. AirtelMoneyCodes.ResultCodes.Select(c => c.Code), .. AirtelMoneyCodes.EnquiryStatuses.Select(c => c.Code)];

    /// <summary>
    /// The codes Airtel documents as refusals before processing (validation and configuration), each row citing its source in
    /// <see cref="AirtelMoneyCodes"/>: the only codes on which a collection answer may fail over. "Not found" is not one of them.
    /// </summary>
    private static readonly HashSet<string> CitedNotProcessed = new(StringComparer.OrdinalIgnoreCase)
    {
        "DP00800001004", "DP00800001010", "DP00800001026",
        "ESB000008", "ESB000033", "ESB000034", "ESB000035", "ESB000036", "ESB000039",
        "ROUTER001", "ROUTER003", "ROUTER005", "ROUTER006", "ROUTER007", "ROUTER112",
    };

    private static readonly HashSet<string> CitedDeclined = AirtelMoneyCodes.ResponseCodes.Concat(AirtelMoneyCodes.ResultCodes)
        .Where(c => c.Kind == OutcomeKind.Declined).Select(c => c.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A code as Airtel might send it: documented or not, string or number, padded or in another case, or absent.</summary>
    private static readonly Gen<string?> Code = Gen.Frequency(
        (4, Gen.OneOf(Documented).Select(c => (string?)$"\"{c}\"")),
        (1, Gen.OneOf(Documented).Select(c => (string?)$"\" {c.ToLowerInvariant()} \"")),
        (2, Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"], 1, 14].Select(c => (string?)$"\"{c}\"")),
        (1, Gen.Int[0, 99_999_999].Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Const((string?)null)));

    /// <summary>A body, and whether it carries a result or response code.</summary>
    private static readonly Gen<(string Body, bool HasCode)> Body = Gen.Frequency(
        (8, Gen.Select(Code, Code, Gen.Bool, Gen.Bool, (result, response, success, comma) => (Envelope(result, response, success, comma), result is not null || response is not null))),
        (1, Gen.OneOf("", "<html>502 Bad Gateway</html>", "null", "[]", "{}", """{"error":"upstream timeout"}""").Select(b => (b, false))));

    [Fact]
    public void CitedNotProcessedList_IsExactlyTheTablesNotProcessedRows() =>
        Assert.Equal(
            CitedNotProcessed.Order(StringComparer.Ordinal),
            AirtelMoneyCodes.ResponseCodes.Concat(AirtelMoneyCodes.ResultCodes).Where(c => c.Kind == OutcomeKind.NotProcessed).Select(c => c.Code).Order(StringComparer.Ordinal));

    private static string Envelope(string? result, string? response, bool success, bool trailingComma)
    {
        var comma = trailingComma ? "," : string.Empty;
        var fields = new List<string> { "\"code\":\"500\"", "\"message\":\"Internal Server Error\"", $"\"success\":{(success ? "true" : "false")}" };
        if (result is not null)
        {
            fields.Add("\"result_code\":" + result);
        }

        if (response is not null)
        {
            fields.Add("\"response_code\":" + response);
        }

        return "{\"data\":{\"transaction\":{\"id\":\"pay-1-1\",\"status\":\"FAILED\"" + comma + "}},\"status\":{" + string.Join(",", fields) + comma + "}" + comma + "}";
    }

    [Fact]
    public void Http5xxAfterTheCollectionWasSent_IsNeverNotProcessedUnlessItsCodeIsCited()
    {
        var airtel = new InMemoryAirtel();
        var provider = airtel.Provider();
        Gen.Select(Gen.Int[500, 599], Body).Sample((status, body) =>
        {
            airtel.Next = (status, body.Body);
            var outcome = provider.InitiateAsync(AirtelTestKit.Request(), CancellationToken.None).GetAwaiter().GetResult();
            return outcome.Kind switch
            {
                OutcomeKind.NotProcessed => outcome.Code is not null && CitedNotProcessed.Contains(outcome.Code),
                OutcomeKind.Declined => outcome.Code is not null && CitedDeclined.Contains(outcome.Code),
                _ => true,
            };
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void AnyAnswer_DeclinedOrNotProcessed_OnlyOnADocumentedCodeOrARefusingHttpStatus()
    {
        var airtel = new InMemoryAirtel();
        var provider = airtel.Provider();
        Gen.Select(Gen.OneOf(200, 201, 202, 400, 403, 404, 405, 408, 409, 422, 429, 500, 502, 503, 504), Body).Sample((status, body) =>
        {
            airtel.Next = (status, body.Body);
            var outcome = provider.InitiateAsync(AirtelTestKit.Request(), CancellationToken.None).GetAwaiter().GetResult();
            // An HTTP refusal (400/403/404/405/429) without any Airtel code is not processed; a code, documented or not, decides.
            var httpRefusal = !body.HasCode && status is 400 or 403 or 404 or 405 or 429;
            return outcome.Kind switch
            {
                OutcomeKind.NotProcessed => httpRefusal || (outcome.Code is not null && CitedNotProcessed.Contains(outcome.Code)),
                OutcomeKind.Declined => outcome.Code is not null && CitedDeclined.Contains(outcome.Code),
                _ => true,
            };
        }, iter: 3000, threads: 1);
    }

    /// <summary>An in-memory Airtel answering the token, then whatever the sample says to the collection.</summary>
    private sealed class InMemoryAirtel : HttpMessageHandler
    {
        public (int Status, string Body) Next { get; set; }

        public AirtelMoneyPaymentProvider Provider() =>
            new(new HttpClient(this), Options.Create(AirtelTestKit.Options(new Uri("http://airtel.invalid/"))), new FakeTimeProvider(AirtelStub.Start));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (status, body) = request.RequestUri!.AbsolutePath == AirtelStub.TokenPath
                ? (200, """{"access_token":"t","expires_in":"180","token_type":"bearer"}""")
                : Next;
            return Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
