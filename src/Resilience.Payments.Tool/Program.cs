using System;
using System.Threading.Tasks;
using Resilience.Payments.Tool.Cli;
using Spectre.Console;

namespace Resilience.Payments.Tool;

/// <summary>The <c>payments</c> command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) =>
        PaymentsCommand.RunAsync(args, new ToolEnvironment(AnsiConsole.Console, Console.Out, Console.Error, Environment.GetEnvironmentVariable, Environment.UserName, TimeProvider.System));
}
