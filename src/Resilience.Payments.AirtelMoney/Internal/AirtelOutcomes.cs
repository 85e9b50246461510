using System;
using System.Globalization;

namespace Resilience.Payments.AirtelMoney.Internal;

/// <summary>
/// Maps Airtel answers to outcome classes (<see cref="AirtelMoneyCodes"/>, every row with its source). Anything received after
/// the collection may have reached Airtel is <see cref="OutcomeKind.Unknown"/> unless its code is one Airtel documents as a
/// refusal before processing (the <see cref="OutcomeKind.NotProcessed"/> rows); an undocumented code is never declined nor
/// failed over.
/// </summary>
internal static class AirtelOutcomes
{
    /// <summary>Maps the answer to <c>POST /merchant/v1/payments/</c> (after at most one token refresh).</summary>
    public static ProviderOutcome FromCollection(int status, AirtelAnswer? answer, string reference)
    {
        var resultCode = answer?.ResultCode;
        var responseCode = answer?.ResponseCode;
        if (string.Equals(resultCode, AirtelMoneyCodes.IdAlreadyExists, StringComparison.OrdinalIgnoreCase))
        {
            // The id reached Airtel before (a re-send, or a retry reusing the reference after "not found"): whatever happened
            // to it is known only by enquiry. Never NotProcessed, whatever the response_code or the HTTP status.
            return ProviderOutcome.Unknown($"Airtel already has transaction {reference} ({AirtelMoneyCodes.IdAlreadyExists}): enquire", AirtelMoneyCodes.IdAlreadyExists, reference);
        }

        if (responseCode is not null)
        {
            return AirtelMoneyCodes.TryGetResponseCode(responseCode, out var row)
                ? FromRow(row, answer!.Message, reference, receipt: answer.AirtelMoneyId)
                : ProviderOutcome.Unknown($"Undocumented Airtel response_code '{responseCode}' (HTTP {Http(status)}): enquire", responseCode, reference);
        }

        if (resultCode is not null)
        {
            if (!AirtelMoneyCodes.TryGetResultCode(resultCode, out var row))
            {
                return ProviderOutcome.Unknown($"Undocumented Airtel result_code '{resultCode}' (HTTP {Http(status)}): enquire", resultCode, reference);
            }

            if (row.Kind != OutcomeKind.Pending)
            {
                return FromRow(row, answer!.Message, reference, receipt: null);
            }

            // ESB000010 ("request was success") without a response_code: accepted when the HTTP status agrees.
            return status is >= 200 and <= 299
                ? ProviderOutcome.Pending(reference, answer!.Message ?? "USSD prompt sent to the payer.") with { Code = resultCode }
                : ProviderOutcome.Unknown($"Airtel answered {resultCode} with HTTP {Http(status)}: enquire", resultCode, reference);
        }

        switch (status)
        {
            case >= 200 and <= 299 when answer?.Success == true:
                return ProviderOutcome.Pending(reference, answer.Message ?? "USSD prompt sent to the payer.");
            case 400 or 403 or 404 or 405:
                // Airtel's HTTP errors: the request is invalid, forbidden, or names no endpoint: refused before processing.
                return ProviderOutcome.NotProcessed($"Airtel refused the collection: HTTP {Http(status)}{Detail(answer)}", Http(status));
            case 401:
                return ProviderOutcome.NotProcessed($"Airtel refused the access token twice: HTTP 401{Detail(answer)}", "401");
            case 429:
                return ProviderOutcome.NotProcessed($"Airtel rate limit: HTTP 429{Detail(answer)}", "429");
            default:
                // 408/502/503/504 (Airtel: "perform a transaction enquiry"), 500, other 5xx and unexpected 2xx: may have been processed.
                return ProviderOutcome.Unknown($"No usable answer from Airtel: HTTP {Http(status)}{Detail(answer)}; enquire", Http(status), reference);
        }
    }

    /// <summary>
    /// Maps the answer to <c>GET /standard/v1/payments/{id}</c>. Only a documented "not found" code is
    /// <see cref="OutcomeKind.NotProcessed"/> here; <see cref="AirtelMoneyPaymentProvider.QueryStatusAsync"/> believes it only after the
    /// settle window. The outcome carries no provider reference: Airtel keeps the transaction under our id (the attempt reference),
    /// so an enquiry never names a transaction the attempt does not already own; <c>airtel_money_id</c> is the receipt.
    /// </summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="answer">The answer, if it was JSON.</param>
    /// <param name="id">The id enquired.</param>
    /// <param name="currency">The currency the enquiry was made in (<c>X-Currency</c>), for an amount reported without one.</param>
    public static ProviderOutcome FromEnquiry(int status, AirtelAnswer? answer, string id, string currency)
    {
        if (status is >= 200 and <= 299 && AirtelMoneyCodes.TryGetEnquiryStatus(answer?.TransactionStatus, out var row))
        {
            if (answer!.TransactionId is { } echoed && !string.Equals(echoed, id, StringComparison.Ordinal))
            {
                return ProviderOutcome.Unknown($"The enquiry of {id} answered about another transaction ('{echoed}'): not trusted", row.Code);
            }

            var detail = row.Kind == OutcomeKind.Declined && AirtelMoneyCodes.TryGetResponseCode(answer.ResponseCode, out var known) ? known : null;
            var meaning = detail is null ? row : detail.Kind == OutcomeKind.Declined ? detail : row with { Meaning = $"{row.Meaning} ({detail.Meaning})" };
            var outcome = FromRow(meaning with { Kind = row.Kind }, answer.TransactionMessage ?? answer.Message, reference: null, receipt: answer.AirtelMoneyId) with
            {
                Code = detail is null ? row.Code : $"{row.Code}:{detail.Code}", // a code shape ProviderOutcome keeps as written
            };

            // Airtel's published enquiry answer carries no amount or payer. When an answer does (the enquiry is by our own
            // unguessable id, so it is the provider's word about this attempt), the gateway checks them against the attempt.
            if (answer.TransactionAmount is not null)
            {
                if (!TryMoney(answer.TransactionAmount, answer.TransactionCurrency ?? currency, out var amount))
                {
                    // A success whose reported amount cannot be read is not counted: the attempt stays open for the reconciler.
                    return outcome.Kind == OutcomeKind.Succeeded
                        ? ProviderOutcome.Unknown($"The enquiry of {id} reported success with an amount that cannot be read", row.Code)
                        : outcome;
                }

                outcome = outcome with { Amount = amount };
            }

            return answer.TransactionMsisdn is { } payer ? outcome with { Payer = payer } : outcome;
        }

        if (AirtelMoneyCodes.IsNotFound(answer?.ResultCode) || AirtelMoneyCodes.IsNotFound(answer?.ResponseCode))
        {
            var code = AirtelMoneyCodes.IsNotFound(answer!.ResultCode) ? answer.ResultCode : answer.ResponseCode;
            return ProviderOutcome.NotProcessed($"Airtel has no transaction {id} ({code})", code);
        }

        return ProviderOutcome.Unknown(
            $"Enquiry of {id} gave no final answer: HTTP {Http(status)}{Detail(answer)}{(answer?.TransactionStatus is { } s ? $", status '{s}'" : string.Empty)}",
            answer?.TransactionStatus ?? answer?.ResultCode ?? Http(status));
    }

    private static ProviderOutcome FromRow(AirtelMoneyCode row, string? message, string? reference, string? receipt)
    {
        var reason = string.IsNullOrWhiteSpace(message) || string.Equals(message, "SUCCESS", StringComparison.OrdinalIgnoreCase) ? row.Meaning : $"{row.Meaning} ({message})";
        return row.Kind switch
        {
            OutcomeKind.Succeeded => ProviderOutcome.Succeeded(receipt, reference) with { Code = row.Code, Reason = reason },
            OutcomeKind.Pending => ProviderOutcome.Pending(reference, reason) with { Code = row.Code },
            OutcomeKind.Declined => ProviderOutcome.Declined(row.Code, reason, reference),
            OutcomeKind.NotProcessed => ProviderOutcome.NotProcessed(reason, row.Code),
            _ => ProviderOutcome.Unknown(reason, row.Code, reference),
        };
    }

    private static bool TryMoney(string text, string currency, out Money money)
    {
        money = default;
        if (AirtelJson.Amount(text) is not { } amount)
        {
            return false;
        }

        try
        {
            money = new Money(amount, currency.ToUpperInvariant());
            return true;
        }
        catch (PaymentValidationException)
        {
            return false; // an unknown currency, or more decimals than the currency has
        }
    }

    private static string Http(int status) => status.ToString(CultureInfo.InvariantCulture);

    private static string Detail(AirtelAnswer? answer) =>
        answer is null ? string.Empty : $" ({answer.ResultCode ?? "no result_code"}{(answer.Message is { } m ? ": " + m : string.Empty)})";
}
