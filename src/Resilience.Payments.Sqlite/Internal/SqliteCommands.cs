using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>Small helpers over <see cref="SqliteConnection"/> commands.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Create(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// As <see cref="Execute"/>, through a command kept per connection and SQL text (<see cref="Prepared"/>): SQLite parses and
    /// plans the statement once per connection instead of on every call. For the store's fixed statements only.
    /// </summary>
    public static int ExecutePrepared(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Prepared(connection, sql, parameters).ExecuteNonQuery();

    /// <summary>As <see cref="Scalar"/>, through a command kept per connection (see <see cref="ExecutePrepared"/>).</summary>
    public static object? ScalarPrepared(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var value = Prepared(connection, sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// The connection's command for <paramref name="sql"/>, created and prepared on first use, with <paramref name="parameters"/>
    /// bound. A connection is used by one thread at a time (the writer's loop, or the reader that rented it), and so is its
    /// cache; the commands die with the connection (closing it finalizes their statements).
    /// </summary>
    public static SqliteCommand Prepared(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var commands = PreparedCommands.GetValue(connection, static _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> PreparedCommands = new();
}
