using System.Globalization;

namespace Resilience.Payments.AirtelMoney.Internal;

/// <summary>Maps Airtel answers to outcome classes (see <see cref="AirtelMoneyCodes"/> and providers.md's classification).</summary>
internal static class AirtelOutcomes
{
    /// <summary>Maps the answer to <c>POST /merchant/v1/payments/</c> (after at most one token refresh).</summary>
    public static ProviderOutcome FromCollection(int status, AirtelAnswer? answer, string reference)
    {
        if (string.Equals(answer?.ResultCode?.Trim(), AirtelMoneyCodes.IdAlreadyExists, System.StringComparison.OrdinalIgnoreCase))
        {
            // The id reached Airtel before (a re-send): whatever happened to it is known only by enquiry. Never NotProcessed.
            return ProviderOutcome.Unknown($"Airtel already has transaction {reference} ({AirtelMoneyCodes.IdAlreadyExists}): enquire", AirtelMoneyCodes.IdAlreadyExists, reference);
        }

        if (AirtelMoneyCodes.TryGetResponseCode(answer?.ResponseCode, out var response))
        {
            return FromRow(response, answer!.Message, reference, receipt: answer.AirtelMoneyId);
        }

        if (AirtelMoneyCodes.TryGetResultCode(answer?.ResultCode, out var result) && result.Kind != OutcomeKind.Pending)
        {
            return FromRow(result, answer!.Message, reference, receipt: null);
        }

        if (!string.IsNullOrWhiteSpace(answer?.ResponseCode))
        {
            return ProviderOutcome.Unknown($"Unexpected Airtel response_code '{answer.ResponseCode}' (HTTP {Http(status)}): enquire", answer.ResponseCode, reference);
        }

        switch (status)
        {
            case >= 200 and <= 299 when result is not null || answer?.Success == true:
                return ProviderOutcome.Pending(reference, answer?.Message ?? "USSD prompt sent to the payer.") with { Code = answer?.ResultCode };
            case 400 or 403 or 404 or 405:
                return ProviderOutcome.NotProcessed($"Airtel refused the collection: HTTP {Http(status)}{Detail(answer)}", Http(status));
            case 401:
                return ProviderOutcome.NotProcessed($"Airtel refused the access token twice: HTTP 401{Detail(answer)}", "401");
            case 429:
                return ProviderOutcome.NotProcessed($"Airtel rate limit: HTTP 429{Detail(answer)}", "429");
            default:
                // 408/502/503 (Airtel: "perform a transaction enquiry"), 500, other 5xx and unexpected 2xx: may have been processed.
                return ProviderOutcome.Unknown($"No usable answer from Airtel: HTTP {Http(status)}{Detail(answer)}; enquire", answer?.ResultCode ?? Http(status), reference);
        }
    }

    /// <summary>Maps the answer to <c>GET /standard/v1/payments/{id}</c>. Only a documented "not found" code is NotProcessed.</summary>
    public static ProviderOutcome FromEnquiry(int status, AirtelAnswer? answer, string id)
    {
        if (status is >= 200 and <= 299 && AirtelMoneyCodes.TryGetEnquiryStatus(answer?.TransactionStatus, out var row))
        {
            var code = row.Kind == OutcomeKind.Declined && AirtelMoneyCodes.TryGetResponseCode(answer!.ResponseCode, out var detail) && detail.Kind == OutcomeKind.Declined
                ? detail
                : row;
            var reason = answer!.TransactionMessage ?? answer.Message;
            return FromRow(code, reason, id, receipt: answer.AirtelMoneyId) with { Code = code == row ? row.Code : $"{row.Code} {code.Code}" };
        }

        if (AirtelMoneyCodes.TryGetResultCode(answer?.ResultCode, out var result) && result.Code == "ESB000045")
        {
            return ProviderOutcome.NotProcessed($"Airtel has no transaction {id} ({result.Code})", result.Code);
        }

        if (AirtelMoneyCodes.TryGetResponseCode(answer?.ResponseCode, out var response) && response.Code == "DP00800001025")
        {
            return ProviderOutcome.NotProcessed($"Airtel has no transaction {id} ({response.Code})", response.Code);
        }

        return ProviderOutcome.Unknown(
            $"Enquiry of {id} gave no final answer: HTTP {Http(status)}{Detail(answer)}{(answer?.TransactionStatus is { } s ? $", status '{s}'" : string.Empty)}",
            answer?.TransactionStatus ?? answer?.ResultCode ?? Http(status),
            id);
    }

    private static ProviderOutcome FromRow(AirtelMoneyCode row, string? message, string reference, string? receipt)
    {
        var reason = string.IsNullOrWhiteSpace(message) || string.Equals(message, "SUCCESS", System.StringComparison.OrdinalIgnoreCase) ? row.Meaning : $"{row.Meaning} ({message})";
        return row.Kind switch
        {
            OutcomeKind.Succeeded => ProviderOutcome.Succeeded(receipt, reference) with { Code = row.Code, Reason = reason },
            OutcomeKind.Pending => ProviderOutcome.Pending(reference, reason) with { Code = row.Code },
            OutcomeKind.Declined => ProviderOutcome.Declined(row.Code, reason, reference),
            OutcomeKind.NotProcessed => ProviderOutcome.NotProcessed(reason, row.Code),
            _ => ProviderOutcome.Unknown(reason, row.Code, reference),
        };
    }

    private static string Http(int status) => status.ToString(CultureInfo.InvariantCulture);

    private static string Detail(AirtelAnswer? answer) =>
        answer is null ? string.Empty : $" ({answer.ResultCode ?? "no result_code"}{(answer.Message is { } m ? ": " + m : string.Empty)})";
}
