using System;
using System.Globalization;
using Npgsql;

namespace Resilience.Payments.Benchmarks.Durable;

/// <summary>
/// The PostgreSQL benchmarks' server (from the PG* environment variables <c>pg_virtualenv</c> sets) and their baselines: raw
/// inserts of payment-sized rows into a table shaped like the store's <c>payments</c>, one prepared statement on one connection.
/// </summary>
internal sealed class PostgreSqlBench : IDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _insert;
    private readonly NpgsqlParameter<string> _key;
    private long _next;

    public PostgreSqlBench(string name)
    {
        ConnectionString = RequireConnectionString();
        Schema = name + "_" + Guid.NewGuid().ToString("N")[..8];
        BaselineSchema = Schema + "_raw";
        _connection = new NpgsqlConnection(ConnectionString);
        _connection.Open();
        Execute($"""
            CREATE SCHEMA {BaselineSchema};
            CREATE TABLE {BaselineSchema}.payments (
                key text COLLATE "C" PRIMARY KEY, fingerprint text NOT NULL, status smallint NOT NULL, version bigint NOT NULL,
                due_at timestamptz NULL, lease_owner text NULL, lease_expires_at timestamptz NULL, queue_rounds integer NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, document text NOT NULL);
            CREATE INDEX ON {BaselineSchema}.payments (status, due_at) WHERE due_at IS NOT NULL;
            CREATE INDEX ON {BaselineSchema}.payments (created_at, key);
            """);
        _insert = new NpgsqlCommand(
            $"""
            INSERT INTO {BaselineSchema}.payments (key, fingerprint, status, version, queue_rounds, created_at, updated_at, document)
            VALUES (@key, @fingerprint, 3, 1, 0, now(), now(), @document)
            """,
            _connection);
        _key = new NpgsqlParameter<string>("key", string.Empty);
        _insert.Parameters.Add(_key);
        _insert.Parameters.Add(new NpgsqlParameter<string>("fingerprint", new string('f', 64)));
        Document = new NpgsqlParameter<string>("document", string.Empty);
        _insert.Parameters.Add(Document);
    }

    /// <summary>Gets the connection string (database from <c>PGDATABASE</c>, else <c>postgres</c>).</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the schema of the gateway's store.</summary>
    public string Schema { get; }

    private string BaselineSchema { get; }

    private NpgsqlParameter<string> Document { get; }

    /// <summary>Sets the document the baselines insert (a stored payment's, so that rows have the gateway's size) and prepares.</summary>
    public void UseDocument(string document)
    {
        Document.TypedValue = document;
        _insert.Prepare();
    }

    /// <summary>Inserts <paramref name="rows"/> rows, <paramref name="rowsPerTransaction"/> per committed transaction.</summary>
    public void Insert(int rows, int rowsPerTransaction)
    {
        for (var done = 0; done < rows; done += rowsPerTransaction)
        {
            using var transaction = rowsPerTransaction > 1 ? _connection.BeginTransaction() : null;
            _insert.Transaction = transaction;
            for (var i = 0; i < rowsPerTransaction && done + i < rows; i++)
            {
                _key.TypedValue = "raw-" + (++_next).ToString(CultureInfo.InvariantCulture);
                _insert.ExecuteNonQuery();
            }

            transaction?.Commit();
        }
    }

    public void Dispose()
    {
        try
        {
            Execute($"DROP SCHEMA IF EXISTS {BaselineSchema} CASCADE; DROP SCHEMA IF EXISTS {Schema} CASCADE;");
        }
        finally
        {
            _insert.Dispose();
            _connection.Dispose();
        }
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.ExecuteNonQuery();
    }

    private static string RequireConnectionString()
    {
        var host = Environment.GetEnvironmentVariable("PGHOST");
        if (string.IsNullOrEmpty(host))
        {
            const string Message = "PGHOST is not set: the PostgreSQL benchmarks need a server. Run them under pg_virtualenv, for example "
                + "`pg_virtualenv -o fsync=on dotnet run -c Release --project benchmarks/Resilience.Payments.Benchmarks -- --filter '*PostgreSql*'`, "
                + "or set PGHOST, PGPORT, PGUSER, PGPASSWORD (and PGDATABASE).";
            Console.Error.WriteLine(Message);
            throw new InvalidOperationException(Message);
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), out var port) ? port : 5432,
            Username = Environment.GetEnvironmentVariable("PGUSER"),
            Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
            Database = Environment.GetEnvironmentVariable("PGDATABASE") is { Length: > 0 } database ? database : "postgres",
            MaxPoolSize = 100,
        }.ConnectionString;
    }
}
