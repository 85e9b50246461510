using System;
using System.Globalization;
using System.Net;
using Resilience.Payments.Json;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>
/// The mapping from Pesapal API 3.0 answers to the library's outcome classes. Every row cites its source (the README's Pesapal
/// codes table repeats them):
/// <list type="bullet">
/// <item>[submit] https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/submitorderrequest : the answer "contains a
/// payment redirect URL which you then redirect the customer to"; the payment methods are presented on that page. No money moves
/// before the payer opens it, and its only key is the order tracking id, a GUID Pesapal generates.</item>
/// <item>[status] https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/gettransactionstatus : <c>status_code</c>
/// 0 INVALID, 1 COMPLETED, 2 FAILED, 3 REVERSED; <c>amount</c> "Amount paid by the customer"; <c>currency</c>; <c>created_date</c>
/// "Date the payment was made"; <c>payment_account</c> "Masked card number or phone number used during payment"; the sample answer
/// carries <c>"error":{"error_type":null,"code":null,"message":null,"call_back_url":null}</c>, which is not an error.</item>
/// <item>[errors] https://documenter.getpostman.com/view/6715320/UyxepTv1 ("Error Object"): <c>{"error":{"type","code","message"}}</c>.</item>
/// </list>
/// </summary>
internal static class PesapalOutcomes
{
    /// <summary>The <c>status_code</c> values of GetTransactionStatus.</summary>
    public const int Invalid = 0;
    public const int Completed = 1;
    public const int Failed = 2;
    public const int Reversed = 3;

    /// <summary>
    /// Maps a <c>SubmitOrderRequest</c> answer. Every failure, HTTP 5xx included, is <see cref="OutcomeKind.NotProcessed"/> ([submit]):
    /// no money moves before the payer opens <c>redirect_url</c>, that URL's only key is the order tracking id, and the adapter hands
    /// the URL out only in an accepted answer, so an order whose answer was refused, garbled or lost can never be paid. (Unlike a
    /// charge, nothing reaches the payer's phone or card when the order is created.)
    /// </summary>
    public static ProviderOutcome FromSubmit(HttpStatusCode code, PesapalAnswer? answer)
    {
        var status = (int)code;
        if (answer is { HasError: true })
        {
            // [errors] a filled error object; [submit] nothing payable was handed out.
            var reason = answer.ErrorMessage ?? answer.Message;
            return ProviderOutcome.NotProcessed(
                $"Pesapal refused the order (HTTP {Text(status)}, {answer.ErrorCode ?? answer.ErrorType ?? "error"}){(string.IsNullOrWhiteSpace(reason) ? string.Empty : ": " + reason)}",
                answer.ErrorCode ?? answer.ErrorType ?? Text(status));
        }

        if (status == 429)
        {
            return ProviderOutcome.NotProcessed("rate limited by Pesapal; the order was not created", "429");
        }

        if (status is < 200 or > 299)
        {
            // [submit] even a 5xx after the order may have been created: its checkout page never reached the payer.
            return ProviderOutcome.NotProcessed(
                $"HTTP {Text(status)} from Pesapal's SubmitOrderRequest; no checkout page was handed to the payer, so nothing can have been paid",
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

    /// <summary>
    /// Maps a <c>GetTransactionStatus</c> answer ([status]). Anything but a readable <c>status_code</c> is <see cref="OutcomeKind.Unknown"/>,
    /// an unknown tracking id included: Pesapal's "not found" is never read as "not processed" (the adapter asks only about orders
    /// whose checkout page it handed out), so no settle window is needed.
    /// </summary>
    public static ProviderOutcome FromStatus(HttpStatusCode code, PesapalAnswer? answer, string orderTrackingId)
    {
        var status = (int)code;
        if (status is < 200 or > 299 || answer?.StatusCode is not { } statusCode)
        {
            // Note: an unpaid order comes back with status_code 0 *and* an error object (payment_details_not_found, "Pending
            // Payment", status "500") on HTTP 200; that is handled below by reading status_code first.
            var what = answer?.ErrorCode ?? answer?.ErrorType ?? Text(status);
            return ProviderOutcome.Unknown(
                $"Pesapal's GetTransactionStatus gave no status_code (HTTP {Text(status)}{(answer?.ErrorMessage is { } m ? ", " + m : string.Empty)})",
                what,
                orderTrackingId);
        }

        var description = answer.Description ?? answer.PaymentStatusDescription;
        switch (statusCode)
        {
            case Invalid:
                // [status] 0 INVALID: the order exists and is not paid yet; the payer may still pay on the page.
                return ProviderOutcome.Pending(orderTrackingId, description ?? "the payer has not paid yet") with { Code = "INVALID" };
            case Completed:
                // [status] 1 COMPLETED, with the amount, currency, payer and time the gateway checks against the payment (rule 8).
                if (ReportedAmount(answer) is not { } amount)
                {
                    return ProviderOutcome.Unknown(
                        $"Pesapal reports the order COMPLETED without a readable amount and currency ({(answer.Amount is null ? "no amount" : "currency '" + answer.Currency + "'")}); it cannot be checked against the payment",
                        "no_amount",
                        orderTrackingId);
                }

                return ProviderOutcome.Succeeded(answer.ConfirmationCode ?? orderTrackingId, orderTrackingId) with
                {
                    Code = "COMPLETED",
                    Amount = amount,
                    Payer = ReportedPayer(answer),
                    OccurredAt = ReportedTime(answer),
                };
            case Failed:
                // [status] 2 FAILED. Pesapal also fails a mobile payment of less than the order's amount and credits the money to the
                // payer's Pesapal wallet (https://developer.pesapal.com/forum/2-pesapal-integration/530-provide-list-reason-for-invalid-failed-status).
                return Reported(ProviderOutcome.Declined("FAILED", description ?? "the payment failed", orderTrackingId), answer);
            case Reversed:
                // [status] 3 REVERSED. Money moved and went back to the payer: the merchant holds nothing and the payer was not charged
                // in the end. Final and not a provider failure, so Declined; a success recorded earlier stays final (safety rule 3) and
                // the reversal needs an operator (refund or chargeback handling is outside the library).
                return Reported(ProviderOutcome.Declined("REVERSED", description ?? "the payment was reversed", orderTrackingId), answer);
            default:
                return ProviderOutcome.Unknown($"Pesapal reports status_code {statusCode.ToString(CultureInfo.InvariantCulture)}", statusCode.ToString(CultureInfo.InvariantCulture), orderTrackingId);
        }
    }

    /// <summary>The amount Pesapal reports, in major units ([status] <c>amount</c>, <c>currency</c>); <see langword="null"/> when either is missing or invalid.</summary>
    public static Money? ReportedAmount(PesapalAnswer answer)
    {
        if (answer.Amount is not { } amount || amount < 0 || !Currency.TryGet(answer.Currency, out var currency)
            || decimal.Round(amount, currency.MinorUnits) != amount)
        {
            return null;
        }

        return new Money(amount, currency.Code);
    }

    /// <summary>
    /// The payer Pesapal reports ([status] <c>payment_account</c>, "masked card number or phone number"), only when it is a whole
    /// Kenyan mobile number: a masked one (<c>2547****5678</c>) or a card cannot be compared with the attempt's phone.
    /// </summary>
    public static string? ReportedPayer(PesapalAnswer answer)
    {
        var account = answer.PaymentAccount;
        return PhoneNumber.TryParse(account, out _) ? account : null; // a masked number (2547****5678) or a card does not parse
    }

    /// <summary>
    /// When the payment was made ([status] <c>created_date</c>), only when Pesapal wrote an offset: its published samples
    /// (<c>2022-04-30T07:41:09.763</c>) carry none, and guessing the zone could move the time by hours.
    /// </summary>
    public static DateTimeOffset? ReportedTime(PesapalAnswer answer)
    {
        return ProviderJson.TimeWithOffset(answer.CreatedDate);
    }

    private static ProviderOutcome Reported(ProviderOutcome outcome, PesapalAnswer answer) =>
        ReportedAmount(answer) is { } amount ? outcome with { Amount = amount, OccurredAt = ReportedTime(answer) } : outcome;

    private static string Text(int status) => status.ToString(CultureInfo.InvariantCulture);
}
