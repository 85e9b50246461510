using Npgsql;

namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>
/// A PostgreSQL database from the PG* environment variables (as <c>pg_virtualenv</c> sets them), database <c>postgres</c>,
/// and fresh schemas with random names for one test class, dropped afterwards. Without a database the tests skip,
/// except on CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private readonly List<string> _schemas = [];
    private NpgsqlDataSource? _admin;

    public PostgreSqlFixture()
    {
        var host = Environment.GetEnvironmentVariable("PGHOST");
        var user = Environment.GetEnvironmentVariable("PGUSER");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(user))
        {
            return;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), out var port) ? port : 5432,
            Username = user,
            Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
            Database = "postgres",
            MaxPoolSize = 20,
        };
        ConnectionString = builder.ConnectionString;
    }

    /// <summary>Gets the connection string, or <see langword="null"/> when no database is configured.</summary>
    public string? ConnectionString { get; }

    /// <summary>Skips the test (fails it on CI) when no database is configured.</summary>
    public void RequireDatabase()
    {
        if (ConnectionString is not null)
        {
            return;
        }

        const string Reason = "PostgreSQL is not available: run the tests under pg_virtualenv (pg_virtualenv dotnet test, from the repository root), "
            + "or set PGHOST, PGPORT, PGUSER and PGPASSWORD.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true but " + Reason);
        }

        Assert.Skip(Reason);
    }

    /// <summary>Returns a new schema name, dropped when the test class ends.</summary>
    public string NewSchema()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..20];
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return schema;
    }

    /// <summary>Creates a data source of its own (its own connections).</summary>
    public NpgsqlDataSource CreateDataSource()
    {
        RequireDatabase();
        return NpgsqlDataSource.Create(ConnectionString!);
    }

    /// <summary>Creates a store that owns its own data source.</summary>
    public PostgreSqlPaymentStore CreateStore(string schema)
    {
        RequireDatabase();
        return new PostgreSqlPaymentStore(new PostgreSqlPaymentStoreOptions { ConnectionString = ConnectionString, Schema = schema });
    }

    /// <summary>Runs one SQL command.</summary>
    public async Task<object?> ExecuteScalarAsync(string sql)
    {
        RequireDatabase();
        _admin ??= NpgsqlDataSource.Create(ConnectionString!);
        await using var command = _admin.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (ConnectionString is not null)
        {
            _admin ??= NpgsqlDataSource.Create(ConnectionString);
            foreach (var schema in _schemas)
            {
                await using var command = _admin.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
                await command.ExecuteNonQueryAsync();
            }
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
    }
}
