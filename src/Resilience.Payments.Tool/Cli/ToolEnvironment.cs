using System;
using System.IO;
using Spectre.Console;

namespace Resilience.Payments.Tool.Cli;

/// <summary>What the tool talks to: the console for tables and questions, plain writers for JSON, CSV and errors, the environment, the clock.</summary>
/// <param name="Console">Tables, colours and confirmations for people.</param>
/// <param name="Out">Machine-readable output (<c>--json</c>, CSV).</param>
/// <param name="Error">Error messages.</param>
/// <param name="Variable">Reads an environment variable.</param>
/// <param name="UserName">The operating system user: the default actor.</param>
/// <param name="Time">The clock.</param>
internal sealed record ToolEnvironment(IAnsiConsole Console, TextWriter Out, TextWriter Error, Func<string, string?> Variable, string UserName, TimeProvider Time)
{
    /// <summary>The environment variable holding the PostgreSQL connection string, so that passwords stay out of shell history.</summary>
    public const string PostgresVariable = "RESILIENCE_PAYMENTS_POSTGRES";
}
