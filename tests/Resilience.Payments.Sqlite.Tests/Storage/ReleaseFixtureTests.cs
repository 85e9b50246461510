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

    [Fact]
    public async Task Open_DatabaseWrittenByRc1_MigratesToVersion3AndFindsEveryPaymentByAccountReference()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureName), _database.FilePath);
        await using var store = _database.Open();

        var listed = await store.ListByAccountReferenceAsync("KCA 123X", Start.AddDays(-1), 100, CancellationToken.None);

        Assert.Equal(Written.Select(row => row.Data.Item1).Order(StringComparer.Ordinal), listed.Select(r => r.Key)); // one creation time: key order
        Assert.Empty(await store.ListByAccountReferenceAsync("KCA 123X", Start.AddMilliseconds(1), 100, CancellationToken.None));
        Assert.Equal(3L, await store.ExecuteOnWriterAsync("PRAGMA user_version;"));
        Assert.Empty(await store.ReadEventsAsync(PaymentEventPosition.Start, 10, CancellationToken.None));
        Assert.Equal(0L, await store.ExecuteOnWriterAsync("SELECT count(*) FROM payment_refunds;"));
        Assert.Equal(0L, await store.ExecuteOnWriterAsync("SELECT count(*) FROM payments WHERE account_reference IS NULL;"));
    }

    [Fact]
    public async Task Open_DatabaseWrittenByRc1_RecordsARefundOnAPaidPayment()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureName), _database.FilePath);
        await using (var store = _database.Open())
        {
            var paid = await store.GetAsync("rc1-paid", CancellationToken.None);

            var refunded = await store.TryUpdateAsync(paid! with { Refunds = [Refund("rc1-refund-1", "rc1-paid-rf-1")] }, CancellationToken.None);

            Assert.NotNull(refunded);
            Assert.Equal(paid!.Version + 1, refunded.Version);
        }

        await using var reopened = _database.Open();
        var found = await reopened.FindByRefundKeyAsync("rc1-refund-1", CancellationToken.None);
        Assert.Equal("rc1-paid", found?.Key);
        Assert.Equal(Money.Kes(150m), found!.FindRefund("rc1-refund-1")!.Amount);
        Assert.Equal("rc1-paid", (await reopened.FindByRefundReferenceAsync("MPESA", "rc1-paid-rf-1", CancellationToken.None))?.Key);
        Assert.Equal(PaymentStatus.Succeeded, found.Status);
        Assert.Single(found.Attempts);
    }

    [Fact]
    public async Task Open_DatabaseWrittenByRc1_GatewayRefundsThroughTheProviderAndAttemptThatCharged()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureName), _database.FilePath);
        await using var store = _database.Open();
        var time = new FakeTimeProvider(Start.AddDays(30));
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time);
        var paystack = new FakePaymentProvider("paystack", timeProvider: time);
        using var gateway = new PaymentGateway([mpesa, paystack], store, MsOptions.Create(new PaymentGatewayOptions()), time);

        var partial = await gateway.RefundAsync(new RefundRequest { RefundKey = "upgrade-refund-1", PaymentKey = "rc1-paid", Amount = Money.Kes(50m), Reason = "Permit cancelled" });
        var full = await gateway.RefundAsync(new RefundRequest { RefundKey = "upgrade-refund-2", PaymentKey = "rc1-failed-over", Reason = "Paid twice" });

        Assert.Equal(RefundStatus.Succeeded, partial.Status);
        Assert.Equal(RefundStatus.Succeeded, full.Status);
        Assert.Equal("mpesa-ref-1", Assert.Single(mpesa.RefundRequests).ChargeProviderReference);
        Assert.Equal(Money.Kes(50m), mpesa.RefundRequests[0].Amount);
        Assert.Equal("paystack-ref-1", Assert.Single(paystack.RefundRequests).ChargeProviderReference);
        Assert.Equal(Money.Kes(200m), paystack.RefundRequests[0].Amount);
        Assert.Equal("rc1-paid", (await store.FindByRefundKeyAsync("upgrade-refund-1", CancellationToken.None))?.Key);
        Assert.Equal(RefundStatus.Succeeded, (await gateway.GetRefundAsync("upgrade-refund-2"))?.Status);
    }

    [Fact]
    public async Task Open_Version1DatabaseWhoseDocumentsHoldRefunds_IndexesThemDuringTheMigration()
    {
        // rc.1 never wrote refunds; a database half-upgraded by hand (or by a build between releases) may hold some in its documents.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureName), _database.FilePath);
        using (var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False"))
        {
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT document FROM payments WHERE \"key\" = 'rc1-failed-over';";
            var record = PaymentRecordSerializer.Deserialize((string)read.ExecuteScalar()!);
            using var write = connection.CreateCommand();
            write.CommandText = "UPDATE payments SET document = $document WHERE \"key\" = 'rc1-failed-over';";
            write.Parameters.AddWithValue("$document", PaymentRecordSerializer.Serialize(record with { Refunds = [Refund("half-1", "half-ref-1", "paystack", "RF_1")] }));
            write.ExecuteNonQuery();
        }

        await using var store = _database.Open();

        Assert.Equal("rc1-failed-over", (await store.FindByRefundKeyAsync("half-1", CancellationToken.None))?.Key);
        Assert.Equal("rc1-failed-over", (await store.FindByRefundReferenceAsync("paystack", "RF_1", CancellationToken.None))?.Key);
        var paid = await store.GetAsync("rc1-paid", CancellationToken.None);
        Assert.Null(await store.TryUpdateAsync(paid! with { Refunds = [Refund("half-1", "rc1-paid-rf-x")] }, CancellationToken.None)); // the key is taken
    }

    private static PaymentRefund Refund(string key, string reference, string provider = "mpesa", string? providerReference = null) => new()
    {
        Key = key,
        Reference = reference,
        AttemptNumber = 1,
        Provider = provider,
        Amount = Money.Kes(150m),
        Reason = "Permit cancelled",
        Status = RefundStatus.Succeeded,
        CreatedAt = Start.AddDays(30),
        UpdatedAt = Start.AddDays(30),
        ProviderReference = providerReference,
    };

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
