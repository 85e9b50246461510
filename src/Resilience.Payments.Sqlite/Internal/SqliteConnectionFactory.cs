using System;
using System.Globalization;
using System.IO;
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

    /// <summary>
    /// The error for a file SQLite cannot read as a database (SQLITE_NOTADB: not a database, or encrypted; SQLITE_CORRUPT: damaged),
    /// naming the file, where SQLite's own message ("file is not a database") names none.
    /// </summary>
    public InvalidOperationException Unreadable(SqliteException error)
    {
        var file = FileDescription();
        var message = error.SqliteErrorCode == 26
            ? $"The payment database {file} is not a SQLite database ({error.Message}) It may be another kind of file, or encrypted. Point SqlitePaymentStoreOptions.ConnectionString at the store's own database file; this file was not changed."
            : $"The payment database {file} is damaged ({error.Message}) Restore it from a backup, or recover it with the sqlite3 command-line tool's .recover, before the store opens it.";
        return new InvalidOperationException(message, error);
    }

    /// <summary>The data source as configured, and its full path when that differs: <c>'payments.db' (/srv/app/payments.db)</c>.</summary>
    private string FileDescription()
    {
        if (string.IsNullOrEmpty(DataSource) || DataSource.StartsWith(':') || DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{DataSource}'";
        }

        try
        {
            var full = Path.GetFullPath(DataSource);
            return string.Equals(full, DataSource, StringComparison.Ordinal) ? $"'{DataSource}'" : $"'{DataSource}' ({full})";
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{DataSource}'";
        }
    }

    /// <summary>Applies the per-connection settings.</summary>
    public void Configure(SqliteConnection connection) => SqliteCommands.Execute(connection, _pragmas);
}
