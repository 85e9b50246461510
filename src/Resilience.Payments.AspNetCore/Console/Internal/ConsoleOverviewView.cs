using System;
using System.Globalization;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>The overview: headline numbers, providers, queue, payments needing attention, refunds, dead letters, failovers.</summary>
internal static class ConsoleOverviewView
{
    /// <summary>The whole page: the live part inside a container the script refreshes.</summary>
    public static string Page(ConsoleRequest request, OperationsOverview overview)
    {
        return ConsoleLayout.Page(request, "Overview", html =>
        {
            var every = ((int)request.Options.RefreshInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            html.Raw("<div id=\"live\" data-src=\"").Attr(request.Link("/live")).Raw("\" data-every=\"").Raw(every).Raw("\">");
            Live(html, request, overview);
            html.Raw("</div>");
        }, selfRefresh: true);
    }

    /// <summary>The live part alone (the fragment the page polls).</summary>
    public static string Fragment(ConsoleRequest request, OperationsOverview overview)
    {
        var html = new ConsoleHtml();
        Live(html, request, overview);
        return html.ToString();
    }

    private static void Live(ConsoleHtml html, ConsoleRequest request, OperationsOverview overview)
    {
        var oldest = overview.Queue.OldestCreatedAt is { } at ? "oldest " + ConsoleHtml.Age(request.Now - at) : null;
        html.Raw("<div class=\"cards\">");
        ConsoleTables.Card(html, "queue-depth", "Queued", overview.Queue.Depth, oldest);
        ConsoleTables.Card(html, "attention-count", "Needs attention", overview.NeedsAttention.Count, alarming: true);
        ConsoleTables.Card(html, "refunds-count", "Refunds open", overview.RefundsOpen.Count);
        ConsoleTables.Card(html, "dead-count", "Dead letters", overview.DeadLettered.Count, alarming: true);
        ConsoleTables.Card(html, "undelivered-count", "Undelivered events", overview.UndeliveredEvents.Count, alarming: true);
        html.Raw("</div>");

        Providers(html, request, overview);

        html.Raw("<h2>Queue: next attempts</h2>");
        ConsoleTables.Payments(html, request, "queue", overview.Queue.NextDue, "The queue is empty.", showNext: true);

        html.Raw("<h2>Needs attention</h2>");
        Attention(html, request, overview);

        html.Raw("<h2>Refunds open</h2>");
        ConsoleTables.Payments(html, request, "refunds", overview.RefundsOpen, "No refund is open.");

        html.Raw("<h2>Dead letters: failed after the queue's last attempt</h2>");
        ConsoleTables.Payments(html, request, "dead", overview.DeadLettered, "No dead letters.");

        html.Raw("<h2>Dead letters: events not delivered</h2>");
        Undelivered(html, request, overview);

        html.Raw("<h2>Recent failovers</h2>");
        ConsoleTables.Payments(html, request, "failovers", overview.RecentFailovers, "No recent failovers.");
    }

    private static void Providers(ConsoleHtml html, ConsoleRequest request, OperationsOverview overview)
    {
        html.Raw("<h2>Providers</h2>");
        if (overview.Providers.Count == 0)
        {
            html.Raw("<p class=\"muted\">No provider is configured.</p>");
            return;
        }

        html.Raw("<table class=\"stack\" id=\"providers\"><thead><tr><th>Provider</th><th>Circuit</th><th>Since</th><th>Failures (10 min)</th>")
            .Raw("<th>Latency median / max</th></tr></thead><tbody>");
        foreach (var provider in overview.Providers)
        {
            html.Raw("<tr>");
            ConsoleTables.Open(html, "Provider").Text(provider.Provider).Raw("</td>");
            ConsoleTables.Open(html, "Circuit").Raw("<span class=\"").Raw(provider.CircuitState.ToString()).Raw("\">")
                .Text(provider.CircuitState.ToString()).Raw("</span></td>");
            ConsoleTables.Open(html, "Since").Time(provider.Since, request.Now).Raw("</td>");
            ConsoleTables.Open(html, "Failures (10 min)");
            if (provider.RecentFailureRatio is { } ratio)
            {
                html.Raw("<span class=\"").Raw(ratio >= 0.5 ? "bad" : ratio > 0 ? "warn" : "ok").Raw("\">").Text(ConsoleTables.Percent(ratio))
                    .Raw("</span> <small>of ").Number(provider.RecentCalls).Raw(" calls</small>");
            }
            else
            {
                html.Raw("<span class=\"muted\">no calls</span>");
            }

            html.Raw("</td>");
            ConsoleTables.Open(html, "Latency").Text(Millis(provider.MedianLatency)).Raw(" / ").Text(Millis(provider.MaxLatency)).Raw("</td>");
            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void Undelivered(ConsoleHtml html, ConsoleRequest request, OperationsOverview overview)
    {
        if (overview.UndeliveredEvents.Count == 0)
        {
            html.Raw("<p class=\"muted\" id=\"undelivered-empty\">Every event was delivered.</p>");
            return;
        }

        html.Raw("<table class=\"stack\" id=\"undelivered\"><thead><tr><th>Payment</th><th>Event</th><th>Observer</th><th>Attempts</th>")
            .Raw("<th>Given up</th><th>Last error</th></tr></thead><tbody>");
        foreach (var dead in overview.UndeliveredEvents)
        {
            html.Raw("<tr>");
            ConsoleTables.Open(html, "Payment").Raw("<a href=\"").Attr(request.Link("/payment", "key", dead.Event.PaymentKey)).Raw("\">")
                .Text(dead.Event.PaymentKey).Raw("</a></td>");
            ConsoleTables.Open(html, "Event").Text(dead.Event.EventType).Raw(" <small>").Text(dead.Event.EventId).Raw("</small></td>");
            ConsoleTables.Open(html, "Observer").Text(dead.Subscription).Raw("</td>");
            ConsoleTables.Open(html, "Attempts").Number(dead.Attempts).Raw("</td>");
            ConsoleTables.Open(html, "Given up").Time(dead.DeadLetteredAt, request.Now).Raw("</td>");
            ConsoleTables.Open(html, "Last error").Scrubbed(dead.LastError).Raw("</td>");
            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static string? Millis(TimeSpan? value) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalMilliseconds:0} ms") : null;

    private static string Words(AttentionReason reason) => reason switch
    {
        AttentionReason.UnresolvedOutcome => "Outcome unresolved",
        AttentionReason.AmountMismatch => "Amount mismatch",
        AttentionReason.ExtraCharge => "Extra charge",
        AttentionReason.RefundOpen => "Refund open too long",
        _ => "Other",
    };

    private static void Attention(ConsoleHtml html, ConsoleRequest request, OperationsOverview overview)
    {
        if (overview.NeedsAttention.Count == 0)
        {
            html.Raw("<p class=\"muted\" id=\"attention-empty\">Nothing needs attention.</p>");
            return;
        }

        html.Raw("<table class=\"stack\" id=\"attention\"><thead><tr><th>Payment</th><th>Why</th><th>Since</th><th>Amount</th><th>Detail</th></tr></thead><tbody>");
        foreach (var item in overview.NeedsAttention)
        {
            html.Raw("<tr>");
            ConsoleTables.Open(html, "Payment").Raw("<a href=\"").Attr(request.Link("/payment", "key", item.Payment.IdempotencyKey)).Raw("\">")
                .Text(item.Payment.IdempotencyKey).Raw("</a></td>");
            ConsoleTables.Open(html, "Why").Raw(Words(item.Reason)).Raw("</td>");
            ConsoleTables.Open(html, "Since").Time(item.Since, request.Now).Raw("</td>");
            ConsoleTables.Open(html, "Amount").Amount(item.Payment.Amount).Raw("</td>");
            ConsoleTables.Open(html, "Detail").Scrubbed(item.Detail).Raw("</td>");
            html.Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }
}
