using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Resilience.Payments.Sqlite.Tests.Storage;

/// <summary>
/// A database written by release 1.0.0-rc.1 (<c>Fixtures/payments-1.0.0-rc.1.db</c>, committed) must open and read as
/// written with every later release: schema migrations run in place and keep every payment. The fixture was written once
/// by <see cref="WriteFixtureAsync"/> (kept as the record of what the file holds; call it from a scratch test only when a
/// new release's schema is frozen, for a new fixture file) and is never rewritten.
/// </summary>
public sealed class ReleaseFixtureTests : IDisposable
{
    private const string FixtureName = "payments-1.0.0-rc.1.db";
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(3));
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>The payments the fixture holds and the status each was left in.</summary>
    public static TheoryData<string, PaymentStatus, int> Written => new()
    {
        { "rc1-paid", PaymentStatus.Succeeded, 1 },
        { "rc1-failed-over", PaymentStatus.Succeeded, 2 },
        { "rc1-queued", PaymentStatus.Queued, 4 },
        { "rc1-declined", PaymentStatus.Declined, 1 },
        { "rc1-pending", PaymentStatus.Pending, 1 },
        { "rc1-unknown", PaymentStatus.Pending, 1 },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public async Task Open_DatabaseWrittenByRc1_ReadsEveryPaymentAsWritten(string key, PaymentStatus status, int attempts)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureName), _database.FilePath);
        await using var store = _database.Open();

        var record = await store.GetAsync(key, CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal(status, record.Status);
        Assert.Equal(attempts, record.Attempts.Count);
        Assert.Equal(Money.Kes(200m), record.Request.Amount);
        Assert.Equal("KCA 123X", record.Request.AccountReference);
        if (record.Attempts[^1].ProviderReference is { } reference)
        {
            var found = await store.FindByProviderReferenceAsync(record.Attempts[^1].Provider, reference, CancellationToken.None);
            Assert.Equal(key, found?.Key);
        }
    }

    [Fact]
    public async Task Open_DatabaseWrittenByRc1_TakesNewPaymentsBesideTheOldOnes()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureName), _database.FilePath);
        await using var store = _database.Open();
        var time = new FakeTimeProvider(Start.AddDays(30));
        using var gateway = new PaymentGateway([new FakePaymentProvider("mpesa", timeProvider: time)], store, MsOptions.Create(new PaymentGatewayOptions()), time);

        var paid = await gateway.PayAsync(Request("after-upgrade"));
        var old = await gateway.PayAsync(Request("rc1-paid"));

        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        Assert.Equal(PaymentStatus.Succeeded, old.Status);
        Assert.Single(old.Attempts);                      // the stored payment, not a new charge
        Assert.Equal(Written.Count + 1, (await store.CountByStatusAsync(CancellationToken.None)).Values.Sum());
    }

    /// <summary>Writes the fixture into the source tree (not a test: the committed file must never change).</summary>
    internal static async Task WriteFixtureAsync()
    {
        var target = Path.Combine(RepositoryRoot(), "tests", "Resilience.Payments.Sqlite.Tests", "Fixtures", FixtureName);
        var time = new FakeTimeProvider(Start);
        using var database = new TempDatabase();
        await using (var store = database.Open())
        {
            var mpesa = new FakePaymentProvider("mpesa", timeProvider: time);
            var paystack = new FakePaymentProvider("paystack", timeProvider: time);
            using var gateway = new PaymentGateway([mpesa, paystack], store, MsOptions.Create(new PaymentGatewayOptions()), time);
            await gateway.PayAsync(Request("rc1-paid"));
            mpesa.Enqueue(FakeBehavior.NotProcessed());
            await gateway.PayAsync(Request("rc1-failed-over"));
            for (var i = 0; i < 2; i++)
            {
                mpesa.Enqueue(FakeBehavior.NotProcessed());   // both instruments, both providers: nothing takes it now
                paystack.Enqueue(FakeBehavior.NotProcessed());
            }

            await gateway.PayAsync(Request("rc1-queued"));
            mpesa.Enqueue(FakeBehavior.Decline());
            await gateway.PayAsync(Request("rc1-declined"));
            mpesa.Enqueue(FakeBehavior.Accept());
            await gateway.PayAsync(Request("rc1-pending"));
            mpesa.Enqueue(FakeBehavior.Unknown());
            await gateway.PayAsync(Request("rc1-unknown"));
        }

        // One self-contained file: the write-ahead log folded in, nothing beside it.
        using (var connection = new SqliteConnection(database.ConnectionString))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
            checkpoint.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        File.Copy(database.FilePath, target, overwrite: false);
    }

    private static PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678"), PaymentInstrument.MobileMoney("0733123456")],
        AccountReference = "KCA 123X",
        Description = "Parking",
    };

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Resilience.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Resilience.sln not found above " + AppContext.BaseDirectory);
    }
}
