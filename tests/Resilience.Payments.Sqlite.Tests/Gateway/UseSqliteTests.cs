using Microsoft.Extensions.DependencyInjection;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Sqlite.Tests.Gateway;

public sealed class UseSqliteTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(50m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
    };

    [Fact]
    public async Task UseSqlite_ConnectionString_GatewayWritesToFileAndContainerDisposesStore()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.InstanceName = "di").AddProvider(new FakePaymentProvider("mpesa")).UseSqlite(_database.ConnectionString);
        IPaymentStore store;
        await using (var provider = services.BuildServiceProvider())
        {
            store = provider.GetRequiredService<IPaymentStore>();
            Assert.IsType<SqlitePaymentStore>(store);
            var result = await provider.GetRequiredService<IPaymentGateway>().PayAsync(Request("di-1"));
            Assert.Equal(PaymentStatus.Succeeded, result.Status);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync("di-1", CancellationToken.None).AsTask());
        await using var reopened = _database.Open();
        Assert.Equal(PaymentStatus.Succeeded, (await reopened.GetAsync("di-1", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task UseSqlite_ConfigureOptions_AppliesThem()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.InstanceName = "di")
            .AddProvider(new FakePaymentProvider("mpesa"))
            .UseSqlite(o =>
            {
                o.ConnectionString = _database.ConnectionString;
                o.Synchronous = SqliteSynchronousMode.Normal;
            });
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<SqlitePaymentStore>(provider.GetRequiredService<IPaymentStore>());

        Assert.Equal(1L, await store.ExecuteOnWriterAsync("PRAGMA synchronous;"));
    }

    [Fact]
    public void UseSqlite_InvalidOptions_ThrowsAtRegistrationNamingTheOption()
    {
        var builder = new ServiceCollection().AddPaymentGateway(_ => { });

        var missing = Assert.Throws<ArgumentException>(() => builder.UseSqlite(string.Empty));
        var batch = Assert.Throws<ArgumentException>(() => builder.UseSqlite(o =>
        {
            o.ConnectionString = "Data Source=x.db";
            o.MaxBatchSize = 0;
        }));

        Assert.Contains("ConnectionString", missing.Message, StringComparison.Ordinal);
        Assert.Contains("MaxBatchSize", batch.Message, StringComparison.Ordinal);
    }
}
