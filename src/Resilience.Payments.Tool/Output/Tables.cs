using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace Resilience.Payments.Tool.Output;

/// <summary>The tables for people. Every value goes through <see cref="Markup.Escape"/>; free text is scrubbed and instruments masked.</summary>
internal static class Tables
{
    public static void Payments(IAnsiConsole console, string title, IReadOnlyList<PaymentResult> payments)
    {
        if (payments.Count == 0)
        {
            console.MarkupLine($"[grey]{Markup.Escape(title)}: none[/]");
            return;
        }

        var table = new Table { Title = new TableTitle(title) }.AddColumns("Key", "Status", "Amount", "Provider", "Payer", "Created (UTC)", "Note");
        foreach (var p in payments)
        {
            table.AddRow(
                Text(p.IdempotencyKey),
                Text(p.Status.ToString()),
                Text(p.Amount.ToString()),
                Text(p.Provider ?? "-"),
                Text(string.Join(", ", p.MaskedInstruments)),
                Text(Time(p.CreatedAt)),
                Text(ProviderText.Scrub(p.FailureReason) ?? string.Empty));
        }

        console.Write(table);
    }

    public static void Attention(IAnsiConsole console, IReadOnlyList<PaymentAttention> entries)
    {
        if (entries.Count == 0)
        {
            console.MarkupLine("[grey]Needs attention: none[/]");
            return;
        }

        var table = new Table { Title = new TableTitle("Needs attention") }.AddColumns("Key", "Reason", "Since (UTC)", "Detail");
        foreach (var a in entries)
        {
            table.AddRow(Text(a.Payment.IdempotencyKey), Text(a.Reason.ToString()), Text(Time(a.Since)), Text(ProviderText.Scrub(a.Detail)));
        }

        console.Write(table);
    }

    public static void Status(IAnsiConsole console, OperationsOverview o)
    {
        console.MarkupLine($"[bold]Payments[/] as of {Markup.Escape(Time(o.AsOf))} UTC");
        var counts = new Table().AddColumns("Status", "Count");
        foreach (var (status, count) in o.CountsByStatus.OrderBy(c => c.Key))
        {
            counts.AddRow(Text(status.ToString()), Text(count.ToString(CultureInfo.InvariantCulture)));
        }

        console.Write(counts);
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"Queue: {o.Queue.Depth} queued{(o.Queue.OldestCreatedAt is { } oldest ? $", oldest created {Time(oldest)} UTC" : string.Empty)}")));
        if (o.Queue.NextDue.Count > 0)
        {
            Payments(console, "Next due in the queue", o.Queue.NextDue);
        }

        if (o.Providers.Count > 0)
        {
            var providers = new Table { Title = new TableTitle("Providers") }.AddColumns("Provider", "Circuit", "Since (UTC)", "Calls (10 min)", "Failures", "Median", "Max");
            foreach (var p in o.Providers)
            {
                providers.AddRow(
                    Text(p.Provider),
                    Text(p.CircuitState.ToString()),
                    Text(p.Since is { } since ? Time(since) : "-"),
                    Text(p.RecentCalls.ToString(CultureInfo.InvariantCulture)),
                    Text(p.RecentFailureRatio is { } ratio ? ratio.ToString("P0", CultureInfo.InvariantCulture) : "-"),
                    Text(p.MedianLatency is { } median ? Ms(median) : "-"),
                    Text(p.MaxLatency is { } max ? Ms(max) : "-"));
            }

            console.Write(providers);
        }

        Attention(console, o.NeedsAttention);
        Payments(console, "Refunds open", o.RefundsOpen);
        Payments(console, "Dead letters", o.DeadLettered);
        Payments(console, "Recent failovers", o.RecentFailovers);
        if (o.UndeliveredEvents.Count > 0)
        {
            UndeliveredEvents(console, o.UndeliveredEvents);
        }
    }

    public static void UndeliveredEvents(IAnsiConsole console, IReadOnlyList<DeadLetteredEvent> undelivered)
    {
        if (undelivered.Count == 0)
        {
            console.MarkupLine("[grey]Undelivered events: none[/]");
            return;
        }

        var events = new Table { Title = new TableTitle("Undelivered events") }.AddColumns("Observer", "Event", "Payment", "Attempts", "Last error", "Dead-lettered (UTC)");
        foreach (var e in undelivered)
        {
            events.AddRow(
                Text(e.Subscription),
                Text(e.Event.EventType),
                Text(e.Event.PaymentKey),
                Text(e.Attempts.ToString(CultureInfo.InvariantCulture)),
                Text(ProviderText.Scrub(e.LastError) ?? string.Empty),
                Text(Time(e.DeadLetteredAt)));
        }

        console.Write(events);
    }

    public static void Details(IAnsiConsole console, PaymentDetails d)
    {
        var p = d.Payment;
        var summary = new Table { Title = new TableTitle($"Payment {p.IdempotencyKey}") }.AddColumns("Field", "Value").HideHeaders();
        summary.AddRow(Text("Status"), Text(p.Status.ToString()));
        summary.AddRow(Text("Amount"), Text(p.Amount.ToString()));
        summary.AddRow(Text("Provider"), Text(p.Provider ?? "-"));
        summary.AddRow(Text("Payer"), Text(string.Join(", ", p.MaskedInstruments)));
        summary.AddRow(Text("Account reference"), Text(ProviderText.Scrub(p.AccountReference) ?? "-"));
        summary.AddRow(Text("Created (UTC)"), Text(Time(p.CreatedAt)));
        summary.AddRow(Text("Updated (UTC)"), Text(Time(p.UpdatedAt)));
        summary.AddRow(Text("Refunded / refundable"), Text($"{p.RefundedAmount} / {p.RefundableAmount}"));
        if (p.FailureReason is { } reason)
        {
            summary.AddRow(Text("Reason"), Text(ProviderText.Scrub(reason)));
        }

        console.Write(summary);
        if (p.Attempts.Count > 0)
        {
            var attempts = new Table { Title = new TableTitle("Attempts") }.AddColumns("#", "Provider", "Instrument", "Started (UTC)", "Outcome", "Code", "Reason");
            foreach (var a in p.Attempts)
            {
                attempts.AddRow(
                    Text(a.Number.ToString(CultureInfo.InvariantCulture)),
                    Text(a.Provider),
                    Text(a.Instrument.Masked),
                    Text(Time(a.StartedAt)),
                    Text(a.Outcome?.ToString() ?? "open"),
                    Text(ProviderText.Scrub(a.Code) ?? string.Empty),
                    Text(ProviderText.Scrub(a.Mismatch?.Reason ?? a.Reason) ?? string.Empty));
            }

            console.Write(attempts);
        }

        if (p.Refunds.Count > 0)
        {
            var refunds = new Table { Title = new TableTitle("Refunds") }.AddColumns("Key", "Amount", "Status", "Provider", "Reason", "Created (UTC)");
            foreach (var r in p.Refunds)
            {
                refunds.AddRow(Text(r.Key), Text(r.Amount.ToString()), Text(r.Status.ToString()), Text(r.Provider), Text(ProviderText.Scrub(r.Reason) ?? string.Empty), Text(Time(r.CreatedAt)));
            }

            console.Write(refunds);
        }

        if (p.OperatorNotes.Count > 0)
        {
            var notes = new Table { Title = new TableTitle("Audit trail") }.AddColumns("At (UTC)", "Actor", "Action", "Detail");
            foreach (var n in p.OperatorNotes)
            {
                notes.AddRow(Text(Time(n.At)), Text(ProviderText.Scrub(n.Actor)), Text(n.Action.ToString()), Text(ProviderText.Scrub(n.Detail) ?? string.Empty));
            }

            console.Write(notes);
        }

        if (d.Attention.Count > 0)
        {
            Attention(console, d.Attention);
        }
    }

    public static void Settlement(IAnsiConsole console, SettlementReport report)
    {
        var table = new Table { Title = new TableTitle(string.Create(CultureInfo.InvariantCulture, $"Settlement {report.Date:yyyy-MM-dd} (UTC{Offset(report.UtcOffset)})")) }
            .AddColumns("Provider", "Currency", "Payments", "Succeeded", "Charged", "Extra charged", "Refunded", "Unresolved", "Outstanding", "Not charged");
        foreach (var l in report.Lines)
        {
            table.AddRow(
                Text(l.Provider),
                Text(l.Currency),
                Number(l.Payments),
                Number(l.Succeeded),
                Amount(l.Charged),
                Amount(l.ExtraCharged),
                Amount(l.Refunded),
                Number(l.Unresolved),
                Amount(l.Outstanding),
                Number(l.NotCharged));
        }

        console.Write(table);
    }

    public static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);

    private static Markup Text(string? text) => new(Markup.Escape(text ?? string.Empty));

    private static Markup Number(int value) => Text(value.ToString(CultureInfo.InvariantCulture));

    private static Markup Amount(decimal value) => Text(value.ToString("0.00##", CultureInfo.InvariantCulture));

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
