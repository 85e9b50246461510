using System.Globalization;

namespace CountyParking.Reporting;

/// <summary>Prints the report as the table the README shows.</summary>
public static class ReportPrinter
{
    public static void Print(ParkingReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"Payments {report.Payments}: succeeded {report.Succeeded}, declined {report.Declined}, failed {report.Failed}, expired {report.Expired}, pending {report.Pending}, queued {report.Queued}"));
        output.WriteLine(string.Create(c, $"Failovers {report.Failovers}; recovered from the queue {report.RecoveredFromQueue}"));
        output.WriteLine();
        output.WriteLine("provider    attempts  succeeded  not-processed  unknown  declined  breaker-rejections");
        foreach (var (name, p) in report.ByProvider)
        {
            output.WriteLine(string.Create(c, $"{name,-10}{p.Attempts,10}{p.Succeeded,11}{p.NotProcessed,15}{p.Unknown,9}{p.Declined,10}{p.RejectedByBreaker,20}"));
        }

        output.WriteLine();
        output.WriteLine("Declines by reason:");
        if (report.DeclinesByReason.Count == 0)
        {
            output.WriteLine("  none");
        }

        foreach (var (reason, count) in report.DeclinesByReason)
        {
            output.WriteLine(string.Create(c, $"  {count,5}  {reason}"));
        }

        output.WriteLine();
        output.WriteLine(report.AllResolvedAtSeconds is { } at
            ? string.Create(c, $"Every payment had a final answer {at:0.0} s into the run{(report.TimeToRecoverSeconds is { } ttr ? $", {ttr:0.0} s after the last outage ended" : string.Empty)}.")
            : "Some payments had no final answer when the run ended.");
        var f = report.Refunds;
        output.WriteLine(string.Create(c, $"Refunds asked for {f.Requested}: {(f.ByStatus.Count == 0 ? "none stored" : string.Join(", ", f.ByStatus.Select(p => $"{p.Key.ToLowerInvariant()} {p.Value}")))}; KES {f.AmountRefunded:0} given back"));
        if (f.Refused.Count > 0)
        {
            output.WriteLine(string.Create(c, $"  refused before sending: {string.Join(", ", f.Refused.Select(p => $"{p.Key} {p.Value}"))}"));
        }

        output.WriteLine(string.Create(c, $"Double charges (late successes after failover) {f.ExtraCharges}: reversed {f.ReversedExtraCharges}, flagged for a person {f.ExtraChargesFlagged}; possible duplicates flagged (same bill, two keys) {f.PossibleDuplicates}"));
        var a = report.Audit;
        output.WriteLine(string.Create(c, $"Tickets: {a.Tickets} issued from {a.TicketEvents} success events (durable, at least once); succeeded payments without a ticket: {a.TicketsMissing}"));
        output.WriteLine(string.Create(c, $"Audit: {a.Charges} charges and {a.Refunds} refunds at the providers; double-charged {a.DoubleCharged}, lost {a.Lost}, unresolved {a.Unresolved}, refunded twice {a.RefundedTwice}, refunds lost {a.RefundsLost}, refunds unresolved {a.RefundsUnresolved}, money mismatches {a.MoneyMismatches}, tickets missing {a.TicketsMissing}: {(a.Clean ? "CLEAN" : "NOT CLEAN")}"));
        output.WriteLine(string.Create(c, $"Finished in {report.DurationSeconds:0.0} s."));
    }
}
