using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// The SQLite baselines: raw inserts of payment-sized rows (the store's <c>payments</c> table and indexes, the gateway's
/// document) into a file in the same directory as the store's, WAL and <c>synchronous=FULL</c> like the store, one prepared
/// statement on one connection.
/// </summary>
internal sealed class SqliteRawInserter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _key;
    private readonly SqliteParameter _now;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private long _next;

    public SqliteRawInserter(string path, string document)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL;");
        Execute("PRAGMA synchronous = FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS payments (
                "key" TEXT NOT NULL PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, version INTEGER NOT NULL,
                due_at INTEGER NULL, lease_owner TEXT NULL, lease_expires_at INTEGER NULL, queue_rounds INTEGER NOT NULL,
                created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, document TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_payments_claim ON payments (status, due_at);
            CREATE INDEX IF NOT EXISTS ix_payments_created ON payments (created_at, "key");
            """);
        _insert = _connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO payments ("key", fingerprint, status, version, due_at, lease_owner, lease_expires_at, queue_rounds, created_at, updated_at, document)
            VALUES ($key, $fingerprint, 3, 1, NULL, NULL, NULL, 0, $now, $now, $document);
            """;
        _key = _insert.Parameters.Add("$key", SqliteType.Text);
        _now = _insert.Parameters.Add("$now", SqliteType.Integer);
        _insert.Parameters.AddWithValue("$fingerprint", new string('f', 64));
        _insert.Parameters.AddWithValue("$document", document);
        _insert.Prepare();
        _begin = _connection.CreateCommand();
        _begin.CommandText = "BEGIN IMMEDIATE;";
        _commit = _connection.CreateCommand();
        _commit.CommandText = "COMMIT;";
    }

    /// <summary>Inserts <paramref name="rows"/> rows, <paramref name="rowsPerTransaction"/> per committed transaction.</summary>
    public void Insert(int rows, int rowsPerTransaction)
    {
        for (var done = 0; done < rows; done += rowsPerTransaction)
        {
            _begin.ExecuteNonQuery();
            for (var i = 0; i < rowsPerTransaction && done + i < rows; i++)
            {
                _key.Value = "raw-" + (++_next).ToString(CultureInfo.InvariantCulture);
                _now.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                _insert.ExecuteNonQuery();
            }

            _commit.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
