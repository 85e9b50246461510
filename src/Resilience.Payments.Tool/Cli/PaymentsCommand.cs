using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Tool.Commands;

namespace Resilience.Payments.Tool.Cli;

/// <summary>The <c>payments</c> root command: global options and every subcommand.</summary>
internal static class PaymentsCommand
{
    public static RootCommand Create(ToolEnvironment environment)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("Resilience.Payments operations over a SQLite file or a PostgreSQL database: status, lists, search, audited actions, settlement.");
        options.AddTo(root);
        root.Subcommands.Add(ViewCommands.Status(options, environment));
        root.Subcommands.Add(ViewCommands.List(options, environment));
        root.Subcommands.Add(ViewCommands.Show(options, environment));
        root.Subcommands.Add(ViewCommands.Search(options, environment));
        root.Subcommands.Add(ActionCommands.Requeue(options, environment));
        root.Subcommands.Add(ActionCommands.Cancel(options, environment));
        root.Subcommands.Add(ActionCommands.Reconcile(options, environment));
        root.Subcommands.Add(ActionCommands.Review(options, environment));
        root.Subcommands.Add(ActionCommands.Refund(options, environment));
        root.Subcommands.Add(SettlementCommand.Create(options, environment));
        return root;
    }

    /// <summary>Parses and runs; usage errors print to the error writer and exit 1.</summary>
    public static Task<int> RunAsync(string[] args, ToolEnvironment environment, CancellationToken cancellationToken = default) =>
        Create(environment).Parse(args).InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken);
}
