using System;
using System.Globalization;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// The confirmation step of an action: what it does, its inputs, and one button that POSTs the form with its antiforgery
/// token. Works without JavaScript.
/// </summary>
internal static class ConsoleConfirmView
{
    public static string Page(ConsoleRequest request, PaymentResult payment, ConsoleAction action, string tokenField, string token, string? error = null)
    {
        return ConsoleLayout.Page(request, action.Label() + " " + payment.IdempotencyKey, html =>
        {
            html.Raw("<h2>").Raw(action.Label()).Raw(": payment ").Text(payment.IdempotencyKey).Raw("</h2>");
            if (error is not null)
            {
                html.Raw("<p class=\"note bad\" id=\"error\" role=\"alert\">").Scrubbed(error).Raw("</p>");
            }

            html.Raw("<p>").Text(action.Explanation()).Raw("</p><p>Status <b>").Text(payment.Status.ToString()).Raw("</b>, amount ")
                .Amount(payment.Amount).Raw(", account ").Scrubbed(payment.AccountReference).Raw(".</p>");
            html.Raw("<form class=\"confirm\" method=\"post\" action=\"").Attr(request.Link("/action")).Raw("\">")
                .Raw("<input type=\"hidden\" name=\"").Attr(tokenField).Raw("\" value=\"").Attr(token).Raw("\">")
                .Raw("<input type=\"hidden\" name=\"key\" value=\"").Attr(payment.IdempotencyKey).Raw("\">")
                .Raw("<input type=\"hidden\" name=\"action\" value=\"").Raw(action.Name()).Raw("\">")
                .Raw("<input type=\"hidden\" name=\"confirmed\" value=\"yes\">");
            Inputs(html, payment, action);
            html.Raw("<p class=\"actions\"><button type=\"submit\" id=\"confirm\">Confirm: ").Raw(action.Label()).Raw("</button> <a href=\"")
                .Attr(request.Link("/payment", "key", payment.IdempotencyKey)).Raw("\">Back</a></p></form>");
            html.Raw("<p class=\"muted\">Recorded in the audit trail as ").Text(request.Actor).Raw(".</p>");
        });
    }

    private static void Inputs(ConsoleHtml html, PaymentResult payment, ConsoleAction action)
    {
        switch (action)
        {
            case ConsoleAction.Cancel:
                Reason(html, "Why cancel?", required: true);
                break;
            case ConsoleAction.Review:
                Reason(html, "What did you find or do?", required: true);
                break;
            case ConsoleAction.Refund:
                var refundable = payment.RefundableAmount;
                html.Raw("<label for=\"amount\">Amount (").Text(refundable.Currency).Raw(", at most ")
                    .Text(refundable.Amount.ToString("0.##", CultureInfo.InvariantCulture)).Raw(")</label>")
                    .Raw("<input id=\"amount\" name=\"amount\" inputmode=\"decimal\" required value=\"")
                    .Attr(refundable.Amount.ToString("0.##", CultureInfo.InvariantCulture)).Raw("\">")
                    .Raw("<input type=\"hidden\" name=\"refundKey\" value=\"").Attr("op-" + Guid.NewGuid().ToString("N")).Raw("\">");
                Reason(html, "Why refund?", required: true);
                break;
            default:
                break;
        }
    }

    private static void Reason(ConsoleHtml html, string label, bool required) =>
        html.Raw("<label for=\"reason\">").Raw(label).Raw("</label><input id=\"reason\" name=\"reason\" maxlength=\"200\"")
            .Raw(required ? " required" : string.Empty).Raw(">");
}
