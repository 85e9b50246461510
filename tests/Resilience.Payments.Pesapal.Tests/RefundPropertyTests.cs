using System.Net;
using System.Text;
using CsCheck;
using Resilience.Payments.Pesapal.Internal;

namespace Resilience.Payments.Pesapal.Tests;

/// <summary>
/// Issue 13: whatever Pesapal answers to a RefundRequest or a status query, the refund is accepted only on status "200",
/// rejected only on Pesapal's own "500", not processed only on an HTTP refusal, and succeeded only when the payment is REVERSED.
/// </summary>
public sealed class RefundPropertyTests
{
    private static readonly Gen<string?> StatusField = Gen.Frequency(
        (3, Gen.OneOf("\"200\"", "\"500\"", "200", "500", "\" 200 \"").Select(s => (string?)s)),
        (1, Gen.Int[0, 999].Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Const((string?)null)));

    private static readonly Gen<string?> ErrorField = Gen.OneOf(
        Gen.Const((string?)null),
        Gen.Const((string?)"null"),
        Gen.Const((string?)"""{"error_type":null,"code":null,"message":null}"""),
        Gen.Const((string?)"""{"type":"api_error","code":"refund_not_allowed","message":"no"}"""));

    private static readonly Gen<string> Body = Gen.Frequency(
        (6, Gen.Select(StatusField, ErrorField, Gen.Int[0, 4], Gen.OneOf("park-001-1", "other-1"), (status, error, statusCode, reference) =>
        {
            var fields = new List<string> { "\"message\":\"m\"", $"\"merchant_reference\":\"{reference}\"", "\"amount\":200.5", "\"currency\":\"KES\"" };
            if (status is not null)
            {
                fields.Add("\"status\":" + status);
            }

            if (error is not null)
            {
                fields.Add("\"error\":" + error);
            }

            if (statusCode < 4)
            {
                fields.Add("\"status_code\":" + statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return "{" + string.Join(",", fields) + "}";
        })),
        (1, Gen.OneOf("", "<html>502</html>", "null", "[]", "{}")));

    private static readonly Gen<int> Http = Gen.OneOf(200, 201, 400, 401, 403, 404, 405, 408, 409, 429, 500, 502, 503, 504);

    [Fact]
    public void FromRefund_EveryClassOnlyOnItsDocumentedAnswer()
    {
        Gen.Select(Http, Body).Sample((http, body) =>
        {
            var answer = PesapalJson.TryRead(Encoding.UTF8.GetBytes(body));
            var outcome = PesapalRefundOutcomes.FromRefund((HttpStatusCode)http, answer);
            var status = answer?.Status?.Trim();
            return outcome.Kind switch
            {
                OutcomeKind.Pending => http is >= 200 and <= 299 && status == "200" && !answer!.HasError,
                OutcomeKind.Declined => status == "500" && http is (>= 200 and <= 299) or 500,
                OutcomeKind.NotProcessed => http is 400 or 401 or 403 or 404 or 405 or 429,
                OutcomeKind.Unknown => true,
                _ => false,
            };
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void FromStatus_SucceededOnlyWhenReversedForThisAttempt_WithTheAmountOnlyForAFullRefund()
    {
        Gen.Select(Http, Body, Gen.Bool).Sample((http, body, full) =>
        {
            var answer = PesapalJson.TryRead(Encoding.UTF8.GetBytes(body));
            var request = PesapalTestKit.Refund(amount: full ? 200.50m : 100);
            var outcome = PesapalRefundOutcomes.FromStatus((HttpStatusCode)http, answer, PesapalTestKit.TrackingId, request);
            return outcome.Kind switch
            {
                OutcomeKind.Succeeded => http is >= 200 and <= 299 && answer!.StatusCode == 3 && answer.MerchantReference == "park-001-1"
                    && (full ? outcome.Amount == Money.Kes(200.50m) : outcome.Amount is null),
                OutcomeKind.Pending => answer!.StatusCode == 1,
                OutcomeKind.Unknown => true,
                _ => false,
            };
        }, iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData("MpesaKE", true)]
    [InlineData("M-Pesa", true)]
    [InlineData("AirtelKE", true)]
    [InlineData("Mobile Money", true)]
    [InlineData("Visa", false)]
    [InlineData("MasterCard", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsMobileMoney_PesapalPaymentMethods(string? method, bool expected) =>
        Assert.Equal(expected, PesapalRefundOutcomes.IsMobileMoney(method));
}
