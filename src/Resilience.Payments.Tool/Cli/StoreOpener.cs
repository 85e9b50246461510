using System;
using System.IO;
using Npgsql;
using Resilience.Payments.PostgreSql;
using Resilience.Payments.Sqlite;

namespace Resilience.Payments.Tool.Cli;

/// <summary>Opens the store the global options name: a SQLite file that must exist, or a PostgreSQL database (option or environment variable).</summary>
internal static class StoreOpener
{
    public static IPaymentStore Open(string? sqlite, string? postgres, string? schema, ToolEnvironment environment)
    {
        postgres ??= environment.Variable(ToolEnvironment.PostgresVariable) is { Length: > 0 } fromEnvironment && sqlite is null ? fromEnvironment : null;
        if (sqlite is not null && postgres is not null)
        {
            throw new ToolException("--sqlite and --postgres: give one store, not both.");
        }

        if (sqlite is not null)
        {
            if (schema is not null)
            {
                throw new ToolException("--schema: only a PostgreSQL store has a schema.");
            }

            if (!File.Exists(sqlite))
            {
                throw new ToolException($"--sqlite: no database file at '{sqlite}'.");
            }

            return new SqlitePaymentStore(new SqlitePaymentStoreOptions { ConnectionString = $"Data Source={sqlite}" });
        }

        if (postgres is null)
        {
            throw new ToolException($"--sqlite or --postgres: name the store (or set {ToolEnvironment.PostgresVariable}).");
        }

        try
        {
            return new PostgreSqlPaymentStore(new PostgreSqlPaymentStoreOptions { ConnectionString = postgres, Schema = schema ?? PostgreSqlPaymentStoreOptions.DefaultSchema });
        }
        catch (ArgumentException ex)
        {
            throw new ToolException("--postgres: " + Redact(ex.Message, postgres));
        }
    }

    /// <summary>Removes the connection string's password (and the whole string) from a message.</summary>
    public static string Redact(string message, string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return message;
        }

        message = message.Replace(connectionString, "(connection string)", StringComparison.Ordinal);
        try
        {
            var password = new NpgsqlConnectionStringBuilder(connectionString).Password;
            return string.IsNullOrEmpty(password) ? message : message.Replace(password, "****", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return message;
        }
    }
}
