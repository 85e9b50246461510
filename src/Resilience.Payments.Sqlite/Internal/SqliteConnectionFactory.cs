using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>Opens connections to the store's file with the store's settings (no ADO.NET pooling: the store keeps its own).</summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteConnectionFactory(SqlitePaymentStoreOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = false };
        DataSource = builder.DataSource;
        _connectionString = builder.ToString();
        var synchronous = options.Synchronous == SqliteSynchronousMode.Normal ? "NORMAL" : "FULL";
        BusyTimeoutPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
        _pragmas = $"PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON;";
    }

    /// <summary>Gets the database file as configured.</summary>
    public string DataSource { get; }

    private string BusyTimeoutPragma { get; }

    /// <summary>Opens a connection with only the busy timeout set (nothing written to the file).</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SqliteCommands.Execute(connection, BusyTimeoutPragma);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection ready for use: busy timeout, synchronous level, foreign keys.</summary>
    public SqliteConnection Open()
    {
        var connection = OpenRaw();
        try
        {
            Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Switches the database to WAL (persistent in the file) and verifies it took.</summary>
    public void EnableWal(SqliteConnection connection)
    {
        var mode = SqliteCommands.Scalar(connection, "PRAGMA journal_mode = WAL;") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The payment database '{DataSource}' could not be switched to WAL journal mode (it reports '{mode}'); the SQLite payment store needs WAL.");
        }
    }

    /// <summary>Applies the per-connection settings.</summary>
    public void Configure(SqliteConnection connection) => SqliteCommands.Execute(connection, _pragmas);
}
