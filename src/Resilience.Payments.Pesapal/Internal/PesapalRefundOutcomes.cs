using System;
using System.Globalization;
using System.Net;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>
/// The mapping of Pesapal's refund answers to outcome classes. Every row cites its source (the README's Refunds table repeats them):
/// <list type="bullet">
/// <item>[refund] https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/refund-request : <c>POST
/// /api/Transactions/RefundRequest</c> with <c>confirmation_code</c>, <c>amount</c>, <c>username</c>, <c>remarks</c>; the answer's
/// <c>status</c> "200" = "Refund received successfully and is being processed" ("this does not mean the refund has been effected.
/// Pesapal has to get the go ahead from the merchant before finalising the refund"), "500" = "Refund rejected" ("rejected for one
/// reason or another. Refer to the error message"). Limits: one refund per payment, COMPLETED payments only, no more than was
/// collected, mobile payments refunded in full only (cards may be partial), in the payment's currency.</item>
/// <item>[status] https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/gettransactionstatus : <c>status_code</c>
/// 3 REVERSED once the refund is effected, 1 COMPLETED before.</item>
/// <item>[errors] https://documenter.getpostman.com/view/6715320/UyxepTv1 ("Error Object"): <c>{"error":{"type","code","message"}}</c>.</item>
/// </list>
/// </summary>
internal static class PesapalRefundOutcomes
{
    private static readonly string[] MobileWords = ["mpesa", "m-pesa", "airtel", "mobile", "tkash", "t-kash", "equitel", "mtn"];

    /// <summary>Maps the answer to <c>RefundRequest</c>.</summary>
    public static ProviderOutcome FromRefund(HttpStatusCode code, PesapalAnswer? answer)
    {
        var http = (int)code;
        if (http is 400 or 401 or 403 or 404 or 405 or 429)
        {
            // [errors] the request was refused before it was processed (validation, authentication, route, rate limit).
            return ProviderOutcome.NotProcessed($"Pesapal refused the refund request: HTTP {Text(http)}{Detail(answer)}", answer?.ErrorCode ?? Text(http));
        }

        var accepted = http is >= 200 and <= 299;
        switch (answer?.Status?.Trim())
        {
            case "200" when accepted && answer is { HasError: false }:
                // [refund] received and being processed: final only when the merchant approves it (REVERSED) .
                return ProviderOutcome.Pending(null, answer.Message ?? "Refund received; awaiting the merchant's approval") with { Code = "200" };
            case "500" when accepted || http == 500:
                // [refund] "Refund rejected": Pesapal's own answer, read from its JSON body (HTTP 200, or 500 with that body).
                return ProviderOutcome.Declined(answer!.ErrorCode ?? "500", answer.ErrorMessage ?? answer.Message ?? "Pesapal rejected the refund");
            default:
                // A timeout-like 5xx, a body that is not Pesapal's, an undocumented status: the refund may have been received.
                return ProviderOutcome.Unknown($"No usable answer from Pesapal to the refund: HTTP {Text(http)}{Detail(answer)}", answer?.Status ?? Text(http));
        }
    }

    /// <summary>
    /// Maps <c>GetTransactionStatus</c> of the refunded order ([status]): REVERSED is the refund effected, COMPLETED is still
    /// awaiting the merchant; anything else is <see cref="OutcomeKind.Unknown"/> (Pesapal has no refund enquiry and no "not found"
    /// that proves a refund was never received).
    /// </summary>
    /// <param name="code">The HTTP status.</param>
    /// <param name="answer">The answer.</param>
    /// <param name="orderTrackingId">The refunded order.</param>
    /// <param name="request">The refund (its attempt reference is checked, its amount is reported for a full refund only).</param>
    public static ProviderOutcome FromStatus(HttpStatusCode code, PesapalAnswer? answer, string orderTrackingId, ProviderRefundRequest request)
    {
        var http = (int)code;
        if (http is < 200 or > 299 || answer?.StatusCode is not { } statusCode)
        {
            return ProviderOutcome.Unknown($"Pesapal's GetTransactionStatus gave no status_code (HTTP {Text(http)})", answer?.ErrorCode ?? Text(http), orderTrackingId);
        }

        if (answer.MerchantReference is { Length: > 0 } merchantReference && !string.Equals(merchantReference, request.AttemptReference, StringComparison.Ordinal))
        {
            return ProviderOutcome.Unknown($"Pesapal's order {orderTrackingId} belongs to merchant reference {merchantReference}, not {request.AttemptReference}", "reference_mismatch", orderTrackingId);
        }

        switch (statusCode)
        {
            case PesapalOutcomes.Reversed:
                // The amount Pesapal reports is the payment's ("Amount paid by the customer"): it is the refund's only when the
                // whole payment went back, so it is reported (and checked by the gateway) for a full refund only.
                var outcome = ProviderOutcome.Succeeded(answer.ConfirmationCode, orderTrackingId) with { Code = "REVERSED", Reason = "Pesapal reports the payment REVERSED: the refund was effected" };
                if (!request.IsFull)
                {
                    return outcome;
                }

                return PesapalOutcomes.ReportedAmount(answer) is { } amount
                    ? outcome with { Amount = amount }
                    : ProviderOutcome.Unknown("Pesapal reports the payment REVERSED without a readable amount and currency", "no_amount", orderTrackingId);
            case PesapalOutcomes.Completed:
                return ProviderOutcome.Pending(orderTrackingId, "The payment is still COMPLETED: the refund awaits the merchant's approval") with { Code = "COMPLETED" };
            default:
                return ProviderOutcome.Unknown(
                    $"Pesapal reports status_code {statusCode.ToString(CultureInfo.InvariantCulture)} for a refunded payment",
                    statusCode.ToString(CultureInfo.InvariantCulture),
                    orderTrackingId);
        }
    }

    /// <summary>
    /// Whether Pesapal's <c>payment_method</c> names a mobile-money payment, which Pesapal refunds in full only ([refund]). The
    /// values are Pesapal's own names (<c>MpesaKE</c>, <c>AirtelKE</c>; *inferred* from its answers: the list is not published);
    /// cards are <c>Visa</c>, <c>MasterCard</c> and the like.
    /// </summary>
    public static bool IsMobileMoney(string? paymentMethod)
    {
        if (string.IsNullOrWhiteSpace(paymentMethod))
        {
            return false;
        }

        foreach (var word in MobileWords)
        {
            if (paymentMethod.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Text(int status) => status.ToString(CultureInfo.InvariantCulture);

    private static string Detail(PesapalAnswer? answer) =>
        answer is null ? string.Empty : $" ({answer.ErrorCode ?? answer.Status ?? "no status"}{((answer.ErrorMessage ?? answer.Message) is { } m ? ": " + m : string.Empty)})";
}
