using CountyParking.Reporting;
using Npgsql;

namespace CountyParking.Tests;

/// <summary>--postgres: the same day on the PostgreSQL store (run under pg_virtualenv; skipped without PGHOST, failed under CI=true).</summary>
public sealed class PostgresTests
{
    [Fact]
    public async Task PostgresStore_DayEndsWithACleanAudit()
    {
        var host = Environment.GetEnvironmentVariable("PGHOST");
        var user = Environment.GetEnvironmentVariable("PGUSER");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(user))
        {
            const string Reason = "PostgreSQL is not available: run the tests under pg_virtualenv (pg_virtualenv dotnet test), or set PGHOST, PGPORT, PGUSER and PGPASSWORD.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI=true but " + Reason);
            }

            Assert.Skip(Reason);
        }

        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), out var port) ? port : 5432,
            Username = user,
            Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
            Database = "postgres",
            Pooling = false,
        };
        var database = "county_" + Guid.NewGuid().ToString("N")[..16];
        await Execute(admin.ConnectionString, $"CREATE DATABASE {database}");
        var scenario = EndToEndTests.WriteScenario("""{"provider":"mpesa","from":0.5,"to":2,"kind":"down"},{"provider":"paystack","from":1,"to":2.5,"kind":"http-503"}""");
        var json = Path.Combine(Path.GetTempPath(), $"county-pg-{Guid.NewGuid():N}.json");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database, Pooling = true }.ConnectionString;
            using var output = new StringWriter();
            var exit = await ParkingRun.MainAsync(["--scenario", scenario, "--postgres", connection, "--json", json], output, output);
            var report = ParkingReport.FromJson(await File.ReadAllTextAsync(json));
            Assert.True(exit == 0, output.ToString());
            Assert.Contains("store PostgreSQL", output.ToString(), StringComparison.Ordinal);
            Assert.True(report.Audit.Clean);
            Assert.Equal(60, report.Payments);
        }
        finally
        {
            File.Delete(scenario);
            File.Delete(json);
            NpgsqlConnection.ClearAllPools();
            await Execute(admin.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
