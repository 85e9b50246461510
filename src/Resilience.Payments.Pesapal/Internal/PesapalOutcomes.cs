using System;
using System.Globalization;
using System.Net;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>The mapping from Pesapal API 3.0 answers to the library's outcome classes (see providers.md, "Pesapal").</summary>
internal static class PesapalOutcomes
{
    /// <summary>The <c>status_code</c> values of GetTransactionStatus.</summary>
    public const int Invalid = 0;
    public const int Completed = 1;
    public const int Failed = 2;
    public const int Reversed = 3;

    /// <summary>
    /// Maps a <c>SubmitOrderRequest</c> answer. Every failure is <see cref="OutcomeKind.NotProcessed"/>: no money moves before the
    /// payer opens <c>redirect_url</c>, and the adapter hands that URL out only with its order tracking id, so an order whose
    /// answer was refused, garbled or lost can never be paid.
    /// </summary>
    public static ProviderOutcome FromSubmit(HttpStatusCode code, PesapalAnswer? answer)
    {
        var status = (int)code;
        if (answer is { HasError: true })
        {
            var reason = answer.ErrorMessage ?? answer.Message;
            return ProviderOutcome.NotProcessed(
                $"Pesapal refused the order (HTTP {status}, {answer.ErrorCode ?? answer.ErrorType ?? "error"}){(string.IsNullOrWhiteSpace(reason) ? string.Empty : ": " + reason)}",
                answer.ErrorCode ?? answer.ErrorType ?? Text(status));
        }

        if (status == 429)
        {
            return ProviderOutcome.NotProcessed("rate limited by Pesapal; the order was not created", "429");
        }

        if (status is < 200 or > 299)
        {
            return ProviderOutcome.NotProcessed(
                $"HTTP {status} from Pesapal's SubmitOrderRequest; no checkout page was handed to the payer, so nothing can have been paid",
                Text(status));
        }

        if (answer is null)
        {
            return ProviderOutcome.NotProcessed("Pesapal answered the order with a body that is not JSON; no checkout page was handed to the payer", "unreadable");
        }

        if (answer.Status is { Length: > 0 } s && s != "200")
        {
            return ProviderOutcome.NotProcessed($"Pesapal answered the order with status {s}{(answer.Message is null ? string.Empty : ": " + answer.Message)}", s);
        }

        if (string.IsNullOrWhiteSpace(answer.OrderTrackingId)
            || !Uri.TryCreate(answer.RedirectUrl, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return ProviderOutcome.NotProcessed("Pesapal answered the order without an order_tracking_id and a valid redirect_url; no checkout page was handed to the payer", "no_redirect");
        }

        return ProviderOutcome.ActionRequired(
            new PaymentAction(PaymentActionKind.Redirect, url, "Complete the payment on Pesapal's checkout page (M-Pesa, Airtel Money, card or bank)."),
            answer.OrderTrackingId);
    }

    /// <summary>Maps a <c>GetTransactionStatus</c> answer. Anything but a readable <c>status_code</c> is <see cref="OutcomeKind.Unknown"/>.</summary>
    public static ProviderOutcome FromStatus(HttpStatusCode code, PesapalAnswer? answer, string orderTrackingId)
    {
        var status = (int)code;
        if (status is < 200 or > 299 || answer?.StatusCode is not { } statusCode)
        {
            // Note: an unpaid order comes back with status_code 0 *and* an error object (payment_details_not_found, "Pending
            // Payment", status "500") on HTTP 200; that is handled above by reading status_code first.
            var what = answer?.ErrorCode ?? answer?.ErrorType ?? Text(status);
            return ProviderOutcome.Unknown(
                $"Pesapal's GetTransactionStatus gave no status_code (HTTP {status}{(answer?.ErrorMessage is { } m ? ", " + m : string.Empty)})",
                what,
                orderTrackingId);
        }

        var description = answer.Description ?? answer.PaymentStatusDescription;
        switch (statusCode)
        {
            case Invalid:
                return ProviderOutcome.Pending(orderTrackingId, description ?? "the payer has not paid yet") with { Code = "INVALID" };
            case Completed:
                return ProviderOutcome.Succeeded(answer.ConfirmationCode ?? orderTrackingId, orderTrackingId) with { Code = "COMPLETED" };
            case Failed:
                return ProviderOutcome.Declined("FAILED", description ?? "the payment failed", orderTrackingId);
            case Reversed:
                // Money moved and went back to the payer: the merchant holds nothing and the payer was not charged in the end.
                // Final and not a provider failure, so Declined; a success recorded earlier stays final (safety rule 3) and the
                // reversal needs an operator (refund or chargeback handling is outside the library).
                return ProviderOutcome.Declined("REVERSED", description ?? "the payment was reversed", orderTrackingId);
            default:
                return ProviderOutcome.Unknown($"Pesapal reports status_code {statusCode.ToString(CultureInfo.InvariantCulture)}", statusCode.ToString(CultureInfo.InvariantCulture), orderTrackingId);
        }
    }

    private static string Text(int status) => status.ToString(CultureInfo.InvariantCulture);
}
