using System.CommandLine;

namespace Resilience.Payments.Tool.Cli;

/// <summary>The options every command takes.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Sqlite { get; } = new("--sqlite") { Description = "The SQLite database file.", Recursive = true };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = $"The PostgreSQL connection string (better: set {ToolEnvironment.PostgresVariable}, which keeps the password out of shell history).",
        Recursive = true,
    };

    public Option<string?> Schema { get; } = new("--schema") { Description = "The PostgreSQL schema (default: payments).", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable output: JSON with stable property names, no tables or colours.", Recursive = true };

    public Option<string?> Actor { get; } = new("--actor") { Description = "Who acts, for the audit trail (default: the operating system user).", Recursive = true };

    public Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Do not ask for confirmation.", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Sqlite);
        root.Options.Add(Postgres);
        root.Options.Add(Schema);
        root.Options.Add(Json);
        root.Options.Add(Actor);
        root.Options.Add(Yes);
    }
}
