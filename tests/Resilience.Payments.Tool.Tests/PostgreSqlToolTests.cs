using Npgsql;
using Resilience.Payments.PostgreSql.Tests;
using Resilience.Payments.Tool.Cli;

namespace Resilience.Payments.Tool.Tests;

/// <summary>The tool over PostgreSQL, the connection string from the environment; skipped without a server, failed under CI=true.</summary>
public sealed class PostgreSqlToolTests(PostgreSqlFixture database) : IClassFixture<PostgreSqlFixture>
{
    [Fact]
    public async Task Requeue_OverPostgres_ChangesTheStoreAndNeverPrintsThePassword()
    {
        database.RequireDatabase();
        var schema = database.NewSchema();
        using var h = new ToolHarness();
        await using (var seeded = database.CreateStore(schema))
        {
            await h.SeedAsync(seeded);
        }

        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "s3cret-Pa55word" }.ConnectionString;
        h.Variables[ToolEnvironment.PostgresVariable] = database.ConnectionString!;
        var requeue = await h.RunAsync("--schema", schema, "requeue", "dead", "--yes", "--actor", "wanjiku", "--json");
        var status = await h.RunAsync("--schema", schema, "status", "--json");
        var json = h.Json();
        h.Variables.Clear();
        var wrong = await h.RunAsync("--postgres", connection + ";Timeout=2", "--schema", schema, "status");

        Assert.Equal((0, 0), (requeue, status));
        Assert.Equal(2, json.GetProperty("counts").GetProperty("Queued").GetInt32());
        await using var store = database.CreateStore(schema);
        Assert.Equal("wanjiku", Assert.Single((await store.GetAsync("dead", CancellationToken.None))!.OperatorNotes).Actor);
        if (wrong != 0)
        {
            Assert.DoesNotContain("s3cret-Pa55word", h.Error.ToString(), StringComparison.Ordinal);
        }
    }
}
