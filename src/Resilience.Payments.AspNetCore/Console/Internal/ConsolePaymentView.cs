using System;
using System.Collections.Generic;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>One payment: summary, actions, attempts, refunds and the audit trail.</summary>
internal static class ConsolePaymentView
{
    /// <summary>The detail page; <paramref name="done"/> or <paramref name="error"/> report the action just taken.</summary>
    public static string Page(ConsoleRequest request, PaymentDetails details, ConsoleAction? done = null, string? error = null)
    {
        var payment = details.Payment;
        return ConsoleLayout.Page(request, "Payment " + payment.IdempotencyKey, html =>
        {
            if (done is { } action)
            {
                html.Raw("<p class=\"note ok\" id=\"done\" role=\"status\">").Text(action.Done()).Raw("</p>");
            }

            if (error is not null)
            {
                html.Raw("<p class=\"note bad\" id=\"error\" role=\"alert\">").Scrubbed(error).Raw("</p>");
            }

            html.Raw("<h2>Payment <span id=\"key\">").Text(payment.IdempotencyKey).Raw("</span></h2>");
            Summary(html, request, details);
            Actions(html, request, payment);
            Attempts(html, request, payment);
            Refunds(html, request, payment);
            Audit(html, request, payment.OperatorNotes);
        });
    }

    private static void Summary(ConsoleHtml html, ConsoleRequest request, PaymentDetails details)
    {
        var payment = details.Payment;
        html.Raw("<table id=\"summary\"><tbody>");
        Row(html, "Status", h => h.Raw("<span id=\"status\" class=\"").Raw(ConsoleTables.StatusClass(payment.Status)).Raw("\">").Text(payment.Status.ToString()).Raw("</span>"));
        Row(html, "Amount", h => h.Amount(payment.Amount));
        Row(html, "Account", h => h.Scrubbed(payment.AccountReference));
        Row(html, "Provider", h => h.Text(payment.Provider));
        Row(html, "Instrument", h => h.Text(payment.Instrument?.Masked));
        Row(html, "Payer's instruments", h => h.Text(string.Join(", ", details.MaskedInstruments)));
        Row(html, "Provider reference", h => h.Text(payment.ProviderReference));
        Row(html, "Receipt", h => h.Text(payment.Receipt));
        Row(html, "Created", h => h.Time(payment.CreatedAt, request.Now));
        Row(html, "Updated", h => h.Time(payment.UpdatedAt, request.Now));
        if (payment.NextAttemptAt is { } next)
        {
            Row(html, "Next attempt", h => h.Time(next, request.Now));
        }

        Row(html, "Reason", h => h.Scrubbed(payment.FailureReason ?? payment.DeclineReason));
        Row(html, "Refunded", h => h.Amount(payment.RefundedAmount));
        Row(html, "Refundable", h => h.Amount(payment.RefundableAmount));
        foreach (var extra in payment.ExtraCharges)
        {
            Row(html, "Extra charge", h => h.Amount(extra.Amount).Raw(" by ").Text(extra.Provider).Raw(", attempt ")
                .Number(extra.AttemptNumber).Raw(", detected ").Time(extra.DetectedAt, request.Now));
        }

        foreach (var attention in details.Attention)
        {
            Row(html, "Needs attention", h => h.Raw("<span class=\"bad\">").Text(attention.Reason.ToString()).Raw("</span> since ")
                .Time(attention.Since, request.Now).Raw(": ").Scrubbed(attention.Detail));
        }

        html.Raw("</tbody></table>");
    }

    private static void Row(ConsoleHtml html, string label, Action<ConsoleHtml> value)
    {
        html.Raw("<tr><th scope=\"row\">").Raw(label).Raw("</th><td>");
        value(html);
        html.Raw("</td></tr>");
    }

    private static void Actions(ConsoleHtml html, ConsoleRequest request, PaymentResult payment)
    {
        html.Raw("<h2>Actions</h2><div class=\"actions\" id=\"actions\">");
        foreach (var action in ConsoleActions.All)
        {
            if (action.AppliesTo(payment))
            {
                html.Raw("<a id=\"action-").Raw(action.Name()).Raw("\" href=\"").Attr(request.Link("/confirm", "key", payment.IdempotencyKey))
                    .Raw("&amp;action=").Raw(action.Name()).Raw("\">").Raw(action.Label()).Raw("</a>");
            }
        }

        html.Raw("</div>");
    }

    private static void Attempts(ConsoleHtml html, ConsoleRequest request, PaymentResult payment)
    {
        html.Raw("<h2>Attempts</h2>");
        if (payment.Attempts.Count == 0)
        {
            html.Raw("<p class=\"muted\">No attempt yet.</p>");
            return;
        }

        html.Raw("<table class=\"stack\" id=\"attempts\"><thead><tr><th>#</th><th>Provider</th><th>Instrument</th><th>Started</th><th>Outcome</th>")
            .Raw("<th>Code</th><th>Reason</th><th>Reference</th></tr></thead><tbody>");
        foreach (var attempt in payment.Attempts)
        {
            html.Raw("<tr>");
            ConsoleTables.Open(html, "#").Number(attempt.Number).Raw("</td>");
            ConsoleTables.Open(html, "Provider").Text(attempt.Provider).Raw("</td>");
            ConsoleTables.Open(html, "Instrument").Text(attempt.Instrument.Masked).Raw("</td>");
            ConsoleTables.Open(html, "Started").Time(attempt.StartedAt, request.Now).Raw("</td>");
            ConsoleTables.Open(html, "Outcome").Text(attempt.Outcome?.ToString() ?? "in flight")
                .Raw(attempt.Mismatch is null ? string.Empty : " <span class=\"bad\">amount mismatch</span>").Raw("</td>");
            ConsoleTables.Open(html, "Code").Scrubbed(attempt.Code).Raw("</td>");
            ConsoleTables.Open(html, "Reason").Scrubbed(attempt.Reason).Raw("</td>");
            ConsoleTables.Open(html, "Reference").Text(attempt.ProviderReference ?? attempt.Reference).Raw("</td>");
            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void Refunds(ConsoleHtml html, ConsoleRequest request, PaymentResult payment)
    {
        html.Raw("<h2>Refunds</h2>");
        if (payment.Refunds.Count == 0)
        {
            html.Raw("<p class=\"muted\" id=\"refunds-empty\">No refund.</p>");
            return;
        }

        html.Raw("<table class=\"stack\" id=\"payment-refunds\"><thead><tr><th>Refund</th><th>Amount</th><th>Status</th><th>Reason</th>")
            .Raw("<th>Provider's answer</th><th>Requested</th></tr></thead><tbody>");
        foreach (var refund in payment.Refunds)
        {
            html.Raw("<tr>");
            ConsoleTables.Open(html, "Refund").Text(refund.Key).Raw(refund.Automatic ? " <small>(automatic)</small>" : string.Empty).Raw("</td>");
            ConsoleTables.Open(html, "Amount").Amount(refund.Amount).Raw("</td>");
            ConsoleTables.Open(html, "Status").Text(refund.Status.ToString()).Raw("</td>");
            ConsoleTables.Open(html, "Reason").Scrubbed(refund.Reason).Raw("</td>");
            ConsoleTables.Open(html, "Provider's answer").Scrubbed(refund.Code is null ? refund.Message : refund.Code + " " + refund.Message).Raw("</td>");
            ConsoleTables.Open(html, "Requested").Time(refund.CreatedAt, request.Now).Raw("</td>");
            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void Audit(ConsoleHtml html, ConsoleRequest request, IReadOnlyList<OperatorNote> notes)
    {
        html.Raw("<h2>Audit trail</h2>");
        if (notes.Count == 0)
        {
            html.Raw("<p class=\"muted\" id=\"audit-empty\">No operator action yet.</p>");
            return;
        }

        html.Raw("<table class=\"stack\" id=\"audit\"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Detail</th></tr></thead><tbody>");
        foreach (var note in notes)
        {
            html.Raw("<tr>");
            ConsoleTables.Open(html, "When").Time(note.At, request.Now).Raw("</td>");
            ConsoleTables.Open(html, "Who").Scrubbed(note.Actor).Raw("</td>");
            ConsoleTables.Open(html, "Action").Text(note.Action.ToString()).Raw("</td>");
            ConsoleTables.Open(html, "Detail").Scrubbed(note.Detail).Raw("</td>");
            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }
}
