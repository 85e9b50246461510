using System;
using System.Globalization;

namespace Resilience.Payments.AirtelMoney.Internal;

/// <summary>
/// Maps Airtel's refund answers (<c>POST /standard/v1/payments/refund</c>) and the refund's enquiry to outcome classes
/// (<see cref="AirtelMoneyCodes.RefundResponseCodes"/>, <see cref="AirtelMoneyCodes.RefundResultCodes"/>,
/// <see cref="AirtelMoneyCodes.RefundStatuses"/>, every row with its source). Anything received after the refund may have reached
/// Airtel is <see cref="OutcomeKind.Unknown"/> unless its code is documented as a refusal before processing or a final answer: a
/// refund is never re-sent, so an undocumented code is settled by enquiry.
/// </summary>
internal static class AirtelRefundOutcomes
{
    /// <summary>Maps the answer to the refund request.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="answer">The answer, if it was JSON.</param>
    /// <param name="refundReference">The refund's own transaction id (sent as <c>transaction.id</c>, enquired by).</param>
    public static ProviderOutcome FromRefund(int status, AirtelAnswer? answer, string refundReference)
    {
        var resultCode = answer?.ResultCode;
        var responseCode = answer?.ResponseCode;
        if (string.Equals(resultCode, AirtelMoneyCodes.IdAlreadyExists, StringComparison.OrdinalIgnoreCase))
        {
            return ProviderOutcome.Unknown($"Airtel already has transaction {refundReference} ({AirtelMoneyCodes.IdAlreadyExists}): enquire", AirtelMoneyCodes.IdAlreadyExists, refundReference);
        }

        if (responseCode is not null)
        {
            return AirtelMoneyCodes.TryGetRefundResponseCode(responseCode, out var row)
                ? FromRow(row, answer!, refundReference, status)
                : ProviderOutcome.Unknown($"Undocumented Airtel refund response_code '{responseCode}' (HTTP {Http(status)}): enquire", responseCode, refundReference);
        }

        if (resultCode is not null)
        {
            if (!AirtelMoneyCodes.TryGetRefundResultCode(resultCode, out var row))
            {
                return ProviderOutcome.Unknown($"Undocumented Airtel refund result_code '{resultCode}' (HTTP {Http(status)}): enquire", resultCode, refundReference);
            }

            if (row.Kind != OutcomeKind.Pending)
            {
                return FromRow(row, answer!, refundReference, status);
            }

            // ESB000010 ("request was success"): the transaction status says what it was, when the HTTP status agrees.
            if (status is < 200 or > 299)
            {
                return ProviderOutcome.Unknown($"Airtel answered the refund {resultCode} with HTTP {Http(status)}: enquire", resultCode, refundReference);
            }

            if (answer!.TransactionStatus is null)
            {
                return ProviderOutcome.Pending(Echoed(answer, refundReference), answer.Message ?? "Refund accepted: confirmed by enquiry.") with { Code = resultCode };
            }

            return AirtelMoneyCodes.TryGetRefundStatus(answer.TransactionStatus, out var said)
                ? FromRow(said, answer, refundReference, status)
                : ProviderOutcome.Unknown($"Undocumented Airtel refund status '{answer.TransactionStatus}': enquire", answer.TransactionStatus, refundReference);
        }

        return status switch
        {
            400 or 403 or 404 or 405 => ProviderOutcome.NotProcessed($"Airtel refused the refund: HTTP {Http(status)}{Detail(answer)}", Http(status)),
            401 => ProviderOutcome.NotProcessed($"Airtel refused the access token twice: HTTP 401{Detail(answer)}", "401"),
            429 => ProviderOutcome.NotProcessed($"Airtel rate limit: HTTP 429{Detail(answer)}", "429"),
            // 2xx without a code, 408/5xx (Airtel: "perform a transaction enquiry"): may have been processed.
            _ => ProviderOutcome.Unknown($"No usable answer from Airtel to the refund: HTTP {Http(status)}{Detail(answer)}; enquire", Http(status), refundReference),
        };
    }

    /// <summary>
    /// Maps the enquiry of the refund's transaction id (<c>GET /standard/v1/payments/{refund id}</c>). A documented "not found" is
    /// <see cref="OutcomeKind.NotProcessed"/> here; the provider believes it only after the settle window.
    /// </summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="answer">The answer, if it was JSON.</param>
    /// <param name="refundReference">The refund's transaction id.</param>
    /// <param name="currency">The currency of an amount reported without one.</param>
    public static ProviderOutcome FromEnquiry(int status, AirtelAnswer? answer, string refundReference, string currency)
    {
        if (status is >= 200 and <= 299 && answer?.TransactionStatus is { } said && !string.Equals(said, "SUCCESS", StringComparison.OrdinalIgnoreCase)
            && AirtelMoneyCodes.TryGetRefundStatus(said, out var row))
        {
            if (answer.TransactionId is { } echoed && !string.Equals(echoed, refundReference, StringComparison.Ordinal))
            {
                return ProviderOutcome.Unknown($"The enquiry of refund {refundReference} answered about another transaction ('{echoed}'): not trusted", row.Code);
            }

            var outcome = FromRow(row, answer, refundReference, status) with { Receipt = row.Kind == OutcomeKind.Succeeded ? answer.AirtelMoneyId : null };
            if (answer.TransactionAmount is null)
            {
                return outcome;
            }

            if (AirtelJson.Amount(answer.TransactionAmount) is not { } amount || !TryMoney(amount, answer.TransactionCurrency ?? currency, out var money))
            {
                return outcome.Kind == OutcomeKind.Succeeded
                    ? ProviderOutcome.Unknown($"The enquiry of refund {refundReference} reported success with an amount that cannot be read", row.Code, refundReference)
                    : outcome;
            }

            return outcome with { Amount = money };
        }

        if (AirtelMoneyCodes.IsNotFound(answer?.ResultCode) || AirtelMoneyCodes.IsNotFound(answer?.ResponseCode))
        {
            var code = AirtelMoneyCodes.IsNotFound(answer!.ResultCode) ? answer.ResultCode : answer.ResponseCode;
            return ProviderOutcome.NotProcessed($"Airtel has no refund transaction {refundReference} ({code})", code);
        }

        return ProviderOutcome.Unknown(
            $"Enquiry of refund {refundReference} gave no final answer: HTTP {Http(status)}{Detail(answer)}{(answer?.TransactionStatus is { } s ? $", status '{s}'" : string.Empty)}",
            answer?.TransactionStatus ?? answer?.ResultCode ?? Http(status),
            refundReference);
    }

    private static ProviderOutcome FromRow(AirtelMoneyCode row, AirtelAnswer answer, string refundReference, int status)
    {
        var message = answer.TransactionMessage ?? answer.Message;
        var reason = string.IsNullOrWhiteSpace(message) || string.Equals(message, "SUCCESS", StringComparison.OrdinalIgnoreCase) ? row.Meaning : $"{row.Meaning} ({message})";
        var reference = Echoed(answer, refundReference);
        return row.Kind switch
        {
            OutcomeKind.Succeeded when status is >= 200 and <= 299 => ProviderOutcome.Succeeded(null, reference) with { Code = row.Code, Reason = reason },
            OutcomeKind.Succeeded => ProviderOutcome.Unknown($"{reason}, but with HTTP {Http(status)}: enquire", row.Code, refundReference),
            OutcomeKind.Pending => ProviderOutcome.Pending(reference, reason) with { Code = row.Code },
            OutcomeKind.Declined => ProviderOutcome.Declined(row.Code, reason, reference),
            OutcomeKind.NotProcessed => ProviderOutcome.NotProcessed(reason, row.Code),
            _ => ProviderOutcome.Unknown(reason, row.Code, refundReference),
        };
    }

    /// <summary>The refund's id when Airtel echoes it (or echoes nothing): Airtel keeps the refund under our id.</summary>
    private static string? Echoed(AirtelAnswer answer, string refundReference) =>
        answer.TransactionId is null || string.Equals(answer.TransactionId, refundReference, StringComparison.Ordinal) ? refundReference : null;

    private static bool TryMoney(decimal amount, string currency, out Money money)
    {
        money = default;
        try
        {
            money = new Money(amount, currency.ToUpperInvariant());
            return true;
        }
        catch (PaymentValidationException)
        {
            return false;
        }
    }

    private static string Http(int status) => status.ToString(CultureInfo.InvariantCulture);

    private static string Detail(AirtelAnswer? answer) =>
        answer is null ? string.Empty : $" ({answer.ResultCode ?? "no result_code"}{(answer.Message is { } m ? ": " + m : string.Empty)})";
}
