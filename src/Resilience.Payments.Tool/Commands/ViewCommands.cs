using System;
using System.CommandLine;
using System.Linq;
using Resilience.Payments.Tool.Cli;
using Resilience.Payments.Tool.Output;

namespace Resilience.Payments.Tool.Commands;

/// <summary>The commands that only read: <c>status</c>, <c>list</c>, <c>show</c>, <c>search</c>.</summary>
internal static class ViewCommands
{
    /// <summary>The lists <c>list</c> knows, by their command-line names.</summary>
    public static readonly string[] Lists = ["queued", "dead-lettered", "unresolved", "attention", "refunds", "failovers", "undelivered-events"];

    public static Command Status(GlobalOptions options, ToolEnvironment environment)
    {
        var command = new Command("status", "The overview: counts, the queue, payments needing attention, open refunds, dead letters, recent failovers, undelivered events.");
        command.SetAction(CommandRunner.Run(options, environment, async (context, operations, cancellationToken) =>
        {
            var overview = await operations.GetOverviewAsync(cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(JsonMapper.Status(overview));
            }
            else
            {
                Tables.Status(context.Console, overview);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command List(GlobalOptions options, ToolEnvironment environment)
    {
        var which = new Argument<string>("list") { Description = "Which list: " + string.Join(", ", Lists) + "." };
        which.AcceptOnlyFromAmong(Lists);
        var limit = Limit();
        var after = new Option<string?>("--after") { Description = "The last key of the previous page (not for attention and undelivered-events)." };
        var command = new Command("list", "Lists payments: queued, dead letters, unresolved, needing attention, with open refunds, recent failovers; or undelivered events.") { which, limit, after };
        command.SetAction(CommandRunner.Run(options, environment, async (context, operations, cancellationToken) =>
        {
            var name = context.Parse.GetValue(which)!;
            var max = context.Parse.GetValue(limit);
            if (name == "attention")
            {
                var entries = await operations.ListNeedingAttentionAsync(Checked(max), cancellationToken).ConfigureAwait(false);
                Write(context, () => entries.Select(JsonMapper.Attention).ToList(), () => Tables.Attention(context.Console, entries));
                return ExitCodes.Ok;
            }

            if (name == "undelivered-events")
            {
                var undelivered = await operations.ListUndeliveredEventsAsync(Checked(max), cancellationToken).ConfigureAwait(false);
                Write(context, () => JsonMapper.UndeliveredEvents(undelivered), () => Tables.UndeliveredEvents(context.Console, undelivered));
                return ExitCodes.Ok;
            }

            var kind = name switch
            {
                "queued" => PaymentListKind.Queued,
                "dead-lettered" => PaymentListKind.DeadLettered,
                "unresolved" => PaymentListKind.Unresolved,
                "refunds" => PaymentListKind.RefundsOpen,
                _ => PaymentListKind.RecentFailovers,
            };
            var payments = await operations.ListAsync(kind, Checked(max), context.Parse.GetValue(after), cancellationToken).ConfigureAwait(false);
            Write(context, () => JsonMapper.Payments(payments), () => Tables.Payments(context.Console, name, payments));
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Show(GlobalOptions options, ToolEnvironment environment)
    {
        var key = new Argument<string>("key") { Description = "The payment's idempotency key." };
        var command = new Command("show", "One payment: its attempts, refunds, audit trail and why it needs attention.") { key };
        command.SetAction(CommandRunner.Run(options, environment, async (context, operations, cancellationToken) =>
        {
            var details = await operations.GetDetailsAsync(context.Parse.GetValue(key)!, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(context.Parse.GetValue(key)!);
            Write(context, () => JsonMapper.Details(details), () => Tables.Details(context.Console, details));
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Search(GlobalOptions options, ToolEnvironment environment)
    {
        var text = new Argument<string>("text") { Description = "A payment key, an account reference, or a phone number: its last digits (4 or more), the whole number, or its masked form (2547****5678)." };
        var limit = Limit(50);
        var command = new Command("search", "Finds payments by key, account reference or phone number; phone numbers are shown masked.") { text, limit };
        command.SetAction(CommandRunner.Run(options, environment, async (context, operations, cancellationToken) =>
        {
            var found = await operations.SearchAsync(context.Parse.GetValue(text)!, Checked(context.Parse.GetValue(limit)), cancellationToken).ConfigureAwait(false);
            Write(context, () => JsonMapper.Payments(found), () => Tables.Payments(context.Console, "Found", found));
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static ToolException NotFound(string key) => new($"key: no payment has the key '{ProviderText.Scrub(key)}'.", ExitCodes.NotFound);

    private static Option<int> Limit(int defaultValue = 100) => new("--limit") { Description = "The most to show (1 to 1000).", DefaultValueFactory = _ => defaultValue };

    private static int Checked(int limit) => limit is >= 1 and <= 1000 ? limit : throw new ToolException("--limit: between 1 and 1000.");

    private static void Write<T>(CommandContext context, Func<T> json, Action table)
    {
        if (context.Json)
        {
            context.WriteJson(json());
        }
        else
        {
            table();
        }
    }
}
