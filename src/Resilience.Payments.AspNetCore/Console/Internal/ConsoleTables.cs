using System;
using System.Collections.Generic;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>The console's tables: stacked label/value rows on a phone (<c>table.stack</c>, <c>data-label</c>).</summary>
internal static class ConsoleTables
{
    /// <summary>Writes a table of payments, or <paramref name="empty"/> when there are none.</summary>
    public static void Payments(ConsoleHtml html, ConsoleRequest request, string id, IReadOnlyList<PaymentResult> payments, string empty, bool showNext = false)
    {
        if (payments.Count == 0)
        {
            html.Raw("<p class=\"muted\" id=\"").Raw(id).Raw("-empty\">").Text(empty).Raw("</p>");
            return;
        }

        html.Raw("<table class=\"stack\" id=\"").Raw(id).Raw("\"><thead><tr><th>Payment</th><th>Status</th><th>Amount</th><th>Account</th><th>Provider</th><th>")
            .Raw(showNext ? "Next attempt" : "Updated").Raw("</th><th>Reason</th></tr></thead><tbody>");
        foreach (var payment in payments)
        {
            html.Raw("<tr>");
            Open(html, "Payment").Raw("<a href=\"").Attr(request.Link("/payment", "key", payment.IdempotencyKey)).Raw("\">")
                .Text(payment.IdempotencyKey).Raw("</a></td>");
            Open(html, "Status").Raw("<span class=\"").Raw(StatusClass(payment.Status)).Raw("\">").Text(payment.Status.ToString()).Raw("</span></td>");
            Open(html, "Amount").Amount(payment.Amount).Raw("</td>");
            Open(html, "Account").Scrubbed(payment.AccountReference).Raw("</td>");
            Open(html, "Provider").Text(payment.Provider ?? LastProvider(payment)).Raw("</td>");
            Open(html, showNext ? "Next attempt" : "Updated").Time(showNext ? payment.NextAttemptAt : payment.UpdatedAt, request.Now).Raw("</td>");
            Open(html, "Reason").Scrubbed(payment.FailureReason ?? payment.DeclineReason).Raw("</td>");
            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }

    /// <summary>Opens a cell with its label for the stacked layout.</summary>
    public static ConsoleHtml Open(ConsoleHtml html, string label) => html.Raw("<td data-label=\"").Raw(label).Raw("\">");

    /// <summary>The CSS class of a status: bad, warn or ok.</summary>
    public static string StatusClass(PaymentStatus status) => status switch
    {
        PaymentStatus.Failed or PaymentStatus.Expired => "bad",
        PaymentStatus.Succeeded => "ok",
        PaymentStatus.Cancelled or PaymentStatus.Declined => "muted",
        _ => "warn",
    };

    private static string? LastProvider(PaymentResult payment) =>
        payment.Attempts.Count == 0 ? null : payment.Attempts[^1].Provider;

    /// <summary>Writes a headline number.</summary>
    public static void Card(ConsoleHtml html, string id, string label, long value, string? detail = null, bool alarming = false)
    {
        html.Raw("<div class=\"card\"><span>").Raw(label).Raw("</span><b id=\"").Raw(id).Raw("\"").Raw(alarming && value > 0 ? " class=\"bad\"" : string.Empty)
            .Raw(">").Number(value).Raw("</b>");
        if (detail is not null)
        {
            html.Raw("<small>").Text(detail).Raw("</small>");
        }

        html.Raw("</div>");
    }

    /// <summary>Formats a ratio as a percentage.</summary>
    public static string Percent(double ratio) => FormattableString.Invariant($"{ratio * 100:0.#} %");
}
