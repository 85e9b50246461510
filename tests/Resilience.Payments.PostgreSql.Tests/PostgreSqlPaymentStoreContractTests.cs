using Resilience.Payments.Tests.Storage;

namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>The store contract, run against the PostgreSQL store: each test gets a fresh schema, dropped afterwards.</summary>
public sealed class PostgreSqlPaymentStoreContractTests(PostgreSqlFixture database) : PaymentStoreContractTests, IClassFixture<PostgreSqlFixture>
{
    private string? _schema;

    protected override async Task<IPaymentStore> CreateStoreAsync()
    {
        database.RequireDatabase();
        _schema = database.NewSchema();
        var store = database.CreateStore(_schema);
        await store.MigrateAsync();
        return store;
    }

    protected override Task SettleEventsAsync() => EventVisibility.WaitForOlderTransactionsAsync(database);

    protected override async Task CleanupAsync()
    {
        if (_schema is not null)
        {
            await database.ExecuteScalarAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        }
    }
}
