using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Resilience.Payments.Tool.Cli;
using Resilience.Payments.Tool.Output;

namespace Resilience.Payments.Tool.Commands;

/// <summary><c>settlement</c>: the daily report per provider and currency, as CSV (to a file with <c>--out</c>, else to standard output) or JSON.</summary>
internal static partial class SettlementCommand
{
    public static Command Create(GlobalOptions options, ToolEnvironment environment)
    {
        var date = new Option<string>("--date") { Description = "The local day, yyyy-MM-dd.", Required = true };
        var offset = new Option<string>("--utc-offset") { Description = "The local time's offset from UTC, ±hh:mm (default +03:00, Kenya).", DefaultValueFactory = _ => "+03:00" };
        var output = new Option<string?>("--out") { Description = "Write the CSV to this file (a table or JSON is shown instead)." };
        var command = new Command("settlement", "The settlement report of one day's payments per provider and currency: counts, charged, refunded, outstanding.") { date, offset, output };
        command.SetAction(CommandRunner.Run(options, environment, async (context, operations, cancellationToken) =>
        {
            var day = DateOnly.TryParseExact(context.Parse.GetValue(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new ToolException("--date: expected yyyy-MM-dd, for example 2026-07-24.");
            var report = await operations.GetSettlementReportAsync(day, ParseOffset(context.Parse.GetValue(offset)!), cancellationToken).ConfigureAwait(false);
            if (context.Parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, report.ToCsv(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            }
            else if (!context.Json)
            {
                report.WriteCsv(environment.Out);
                return ExitCodes.Ok;
            }

            if (context.Json)
            {
                context.WriteJson(new
                {
                    date = report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    utcOffset = Tables.Offset(report.UtcOffset),
                    from = report.From,
                    before = report.Before,
                    lines = report.Lines.ToList(),
                });
            }
            else
            {
                Tables.Settlement(context.Console, report);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static TimeSpan ParseOffset(string text)
    {
        var match = OffsetPattern().Match(text);
        if (!match.Success)
        {
            throw new ToolException("--utc-offset: expected ±hh:mm, for example +03:00.");
        }

        var offset = new TimeSpan(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), 0);
        return match.Groups[1].Value == "-" ? -offset : offset;
    }

    [GeneratedRegex(@"^([+-])(\d{2}):(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPattern();
}
