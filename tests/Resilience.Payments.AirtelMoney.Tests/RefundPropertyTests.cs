using System.Text;
using CsCheck;
using Resilience.Payments.AirtelMoney.Internal;

namespace Resilience.Payments.AirtelMoney.Tests;

/// <summary>
/// Issue 13: whatever Airtel answers to a refund or its enquiry, the adapter says "succeeded" only on a documented success, and
/// "not processed" only on a code documented as a refusal before processing (or an HTTP refusal without any code).
/// </summary>
public sealed class RefundPropertyTests
{
    private static readonly string[] Documented =
        [.. AirtelMoneyCodes.RefundResponseCodes.Select(c => c.Code), .. AirtelMoneyCodes.RefundResultCodes.Select(c => c.Code)];

    private static readonly string[] Statuses = [.. AirtelMoneyCodes.RefundStatuses.Select(c => c.Code), "FAILED", "REFUNDED", "ts "];

    private static readonly HashSet<string> CitedNotProcessed = AirtelMoneyCodes.RefundResponseCodes.Concat(AirtelMoneyCodes.RefundResultCodes)
        .Where(c => c.Kind == OutcomeKind.NotProcessed).Select(c => c.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly Gen<string?> Code = Gen.Frequency(
        (4, Gen.OneOf(Documented).Select(c => (string?)$"\"{c}\"")),
        (1, Gen.OneOf(Documented).Select(c => (string?)$"\" {c.ToLowerInvariant()} \"")),
        (2, Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"], 1, 14].Select(c => (string?)$"\"{c}\"")),
        (1, Gen.Int[0, 99_999_999].Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Const((string?)null)));

    private static readonly Gen<string?> Status = Gen.Frequency(
        (4, Gen.OneOf(Statuses).Select(s => (string?)s)),
        (1, Gen.Const((string?)null)));

    private static readonly Gen<string?> Id = Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)"rf-1"), Gen.Const((string?)"rf-2"));

    private static readonly Gen<(string Body, bool HasCode, string? Response, string? Result, string? Status, string? Id)> Body = Gen.Frequency(
        (8, Gen.Select(Code, Code, Status, Id, Gen.Bool, (result, response, status, id, amount) =>
            (Envelope(result, response, status, id, amount), result is not null || response is not null, Unquote(response), Unquote(result), status, id))),
        (1, Gen.OneOf("", "<html>502 Bad Gateway</html>", "null", "[]", "{}", """{"error":"upstream timeout"}""").Select(b => (b, false, (string?)null, (string?)null, (string?)null, (string?)null))));

    private static readonly Gen<int> Http = Gen.OneOf(200, 201, 400, 401, 403, 404, 405, 408, 409, 429, 500, 502, 503, 504);

    [Fact]
    public void FromRefund_SucceededOnlyOnADocumentedSuccess_NotProcessedOnlyOnACitedRefusal()
    {
        Gen.Select(Http, Body).Sample((status, body) =>
        {
            var outcome = AirtelRefundOutcomes.FromRefund(status, AirtelJson.TryRead(Encoding.UTF8.GetBytes(body.Body)), "rf-1");
            var twoXx = status is >= 200 and <= 299;
            var httpRefusal = !body.HasCode && status is 400 or 401 or 403 or 404 or 405 or 429;
            return outcome.Kind switch
            {
                OutcomeKind.Succeeded => twoXx && (Is(body.Response, "DP00800001001") || (body.Response is null && Is(body.Result, "ESB000010") && Is(body.Status, "TS"))),
                OutcomeKind.NotProcessed => httpRefusal || (outcome.Code is not null && CitedNotProcessed.Contains(outcome.Code)),
                _ => true,
            };
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void FromEnquiry_SucceededOnlyOnTsAboutTheRefundItself()
    {
        Gen.Select(Http, Body).Sample((status, body) =>
        {
            var outcome = AirtelRefundOutcomes.FromEnquiry(status, AirtelJson.TryRead(Encoding.UTF8.GetBytes(body.Body)), "rf-1", "KES");
            return outcome.Kind switch
            {
                OutcomeKind.Succeeded => status is >= 200 and <= 299 && Is(body.Status, "TS") && body.Id is null or "rf-1",
                OutcomeKind.NotProcessed => AirtelMoneyCodes.IsNotFound(body.Result) || AirtelMoneyCodes.IsNotFound(body.Response),
                _ => true,
            };
        }, iter: 3000, threads: 1);
    }

    private static bool Is(string? value, string expected) => string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static string? Unquote(string? code) => code?.Trim('"').Trim();

    private static string Envelope(string? result, string? response, string? status, string? id, bool amount)
    {
        var transaction = new List<string> { "\"airtel_money_id\":\"MP1\"" };
        if (status is not null)
        {
            transaction.Add($"\"status\":\"{status}\"");
        }

        if (id is not null)
        {
            transaction.Add($"\"id\":\"{id}\"");
        }

        if (amount)
        {
            transaction.Add("\"amount\":200");
        }

        var fields = new List<string> { "\"code\":\"200\"", "\"message\":\"SUCCESS\"", "\"success\":false" };
        if (result is not null)
        {
            fields.Add("\"result_code\":" + result);
        }

        if (response is not null)
        {
            fields.Add("\"response_code\":" + response);
        }

        return "{\"data\":{\"transaction\":{" + string.Join(",", transaction) + "}},\"status\":{" + string.Join(",", fields) + "}}";
    }
}
