using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Resilience.Payments.Tool.Cli;

/// <summary>One invocation: its parsed options, the environment, and how to write JSON and ask for confirmation.</summary>
internal sealed class CommandContext(ParseResult parse, GlobalOptions options, ToolEnvironment environment)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public ParseResult Parse => parse;

    public ToolEnvironment Environment => environment;

    public IAnsiConsole Console => environment.Console;

    public bool Json => parse.GetValue(options.Json);

    /// <summary>Gets who acts: <c>--actor</c>, else the operating system user.</summary>
    public string Actor => parse.GetValue(options.Actor) is { Length: > 0 } actor ? actor : environment.UserName;

    public void WriteJson<T>(T value) => environment.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Asks before an action, unless <c>--yes</c>; a console that cannot ask (not interactive, or <c>--json</c>) needs <c>--yes</c>.</summary>
    /// <exception cref="ToolException">Not confirmed.</exception>
    public void Confirm(string question)
    {
        if (parse.GetValue(options.Yes))
        {
            return;
        }

        if (Json || !Console.Profile.Capabilities.Interactive)
        {
            throw new ToolException("--yes: this console cannot ask for confirmation; add --yes to act. Nothing changed.");
        }

        if (!Console.Confirm(Markup.Escape(question), defaultValue: false))
        {
            throw new ToolException("Not confirmed; nothing changed.");
        }
    }
}
