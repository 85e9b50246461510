using Resilience.Payments.Tests.Storage;

namespace Resilience.Payments.Sqlite.Tests.Storage;

/// <summary>The store contract, run against a real SQLite file in a fresh temporary directory per test.</summary>
public sealed class SqlitePaymentStoreContractTests : PaymentStoreContractTests
{
    private readonly TempDatabase _database = new();

    protected override Task<IPaymentStore> CreateStoreAsync() => Task.FromResult<IPaymentStore>(_database.Open());

    protected override Task CleanupAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}
