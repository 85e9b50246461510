using System.IO;
using Npgsql;
using Resilience.Payments.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>
/// A schema written by release 1.0.0-rc.1 (<c>Fixtures/payments-1.0.0-rc.1.sql</c>, a <c>pg_dump</c>; see <c>Fixtures/README.md</c>)
/// must open and read as written with every later release: the schema is migrated in place and keeps every payment. Each test
/// restores the dump into a fresh schema.
/// </summary>
public sealed class ReleaseFixtureTests(PostgreSqlFixture database) : IClassFixture<PostgreSqlFixture>
{
    private const string FixtureName = "payments-1.0.0-rc.1.sql";
    private const string FixtureSchema = "rc1_fixture";
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(3));
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The payments the fixture holds, the status each was left in and its number of attempts.</summary>
    private static readonly (string Key, PaymentStatus Status, int Attempts)[] Written =
    [
        ("rc1-paid", PaymentStatus.Succeeded, 1),
        ("rc1-failed-over", PaymentStatus.Succeeded, 2),
        ("rc1-queued", PaymentStatus.Queued, 4),
        ("rc1-declined", PaymentStatus.Declined, 1),
        ("rc1-pending", PaymentStatus.Pending, 1),
        ("rc1-unknown", PaymentStatus.Pending, 1),
    ];

    [Fact]
    public async Task Open_SchemaWrittenByRc1_ReadsEveryPaymentAsWritten()
    {
        var schema = await RestoreAsync();
        await using var store = database.CreateStore(schema);

        foreach (var (key, status, attempts) in Written)
        {
            var record = await store.GetAsync(key, None);

            Assert.NotNull(record);
            Assert.Equal(status, record.Status);
            Assert.Equal(attempts, record.Attempts.Count);
            Assert.Equal(Money.Kes(200m), record.Request.Amount);
            Assert.Equal("KCA 123X", record.Request.AccountReference);
            Assert.Equal(Start, record.CreatedAt);
            if (record.Attempts[^1].ProviderReference is { } reference)
            {
                Assert.Equal(key, (await store.FindByProviderReferenceAsync(record.Attempts[^1].Provider, reference, None))?.Key);
            }
        }

        Assert.Equal(Written.Length, (await store.CountByStatusAsync(None)).Values.Sum());
        Assert.Equal("1,2,3", await database.ExecuteScalarAsync($"SELECT string_agg(version::text, ',' ORDER BY version) FROM \"{schema}\".schema_version"));
        Assert.Empty(await store.ReadEventsAsync(PaymentEventPosition.Start, 10, None));
    }

    [Fact]
    public async Task Open_SchemaWrittenByRc1_FindsEveryPaymentByAccountReference()
    {
        var schema = await RestoreAsync();
        await using var store = database.CreateStore(schema);

        var listed = await store.ListByAccountReferenceAsync("KCA 123X", Start.AddDays(-1), 100, None);

        Assert.Equal(Written.Select(w => w.Key).Order(StringComparer.Ordinal), listed.Select(r => r.Key)); // one creation time: key order
        Assert.Empty(await store.ListByAccountReferenceAsync("KCA 123X", Start.AddMilliseconds(1), 100, None));
        Assert.Equal(0L, await database.ExecuteScalarAsync($"SELECT count(*) FROM \"{schema}\".payments WHERE account_reference IS NULL"));
        Assert.Equal(0L, await database.ExecuteScalarAsync($"SELECT count(*) FROM \"{schema}\".payment_refunds"));
    }

    [Fact]
    public async Task Open_SchemaWrittenByRc1_RecordsARefundOnAPaidPayment()
    {
        var schema = await RestoreAsync();
        await using (var store = database.CreateStore(schema))
        {
            var paid = await store.GetAsync("rc1-paid", None);

            var refunded = await store.TryUpdateAsync(paid! with { Refunds = [Refund("rc1-refund-1", "rc1-paid-rf-1")] }, None);

            Assert.NotNull(refunded);
            Assert.Equal(paid!.Version + 1, refunded.Version);
        }

        await using var other = database.CreateStore(schema);
        var found = await other.FindByRefundKeyAsync("rc1-refund-1", None);
        Assert.Equal("rc1-paid", found?.Key);
        Assert.Equal(Money.Kes(150m), found!.FindRefund("rc1-refund-1")!.Amount);
        Assert.Equal(PaymentStatus.Succeeded, found.Status);
        Assert.Single(found.Attempts);
        Assert.Equal("rc1-paid", (await other.FindByRefundReferenceAsync("MPESA", "rc1-paid-rf-1", None))?.Key);
    }

    [Fact]
    public async Task Open_SchemaWrittenByRc1_GatewayRefundsThroughTheProviderAndAttemptThatCharged()
    {
        var schema = await RestoreAsync();
        await using var store = database.CreateStore(schema);
        var mpesa = new FakePaymentProvider("mpesa");
        var paystack = new FakePaymentProvider("paystack");
        using var gateway = new PaymentGateway([mpesa, paystack], store, MsOptions.Create(new PaymentGatewayOptions()), TimeProvider.System);

        var partial = await gateway.RefundAsync(new RefundRequest { RefundKey = "upgrade-refund-1", PaymentKey = "rc1-paid", Amount = Money.Kes(50m), Reason = "Permit cancelled" });
        var full = await gateway.RefundAsync(new RefundRequest { RefundKey = "upgrade-refund-2", PaymentKey = "rc1-failed-over", Reason = "Paid twice" });

        Assert.Equal(RefundStatus.Succeeded, partial.Status);
        Assert.Equal(RefundStatus.Succeeded, full.Status);
        Assert.Equal("mpesa-ref-1", Assert.Single(mpesa.RefundRequests).ChargeProviderReference);
        Assert.Equal(Money.Kes(50m), mpesa.RefundRequests[0].Amount);
        Assert.Equal("paystack-ref-1", Assert.Single(paystack.RefundRequests).ChargeProviderReference);
        Assert.Equal(Money.Kes(200m), paystack.RefundRequests[0].Amount);
        Assert.Equal("rc1-paid", (await store.FindByRefundKeyAsync("upgrade-refund-1", None))?.Key);
        Assert.Equal(RefundStatus.Succeeded, (await gateway.GetRefundAsync("upgrade-refund-2"))?.Status);
    }

    [Fact]
    public async Task Open_Version1SchemaWhoseDocumentsHoldRefunds_IndexesThemDuringTheMigration()
    {
        // rc.1 never wrote refunds; a schema half-upgraded (a build between releases) may hold some in its documents.
        var schema = await RestoreAsync(async (connection, s) =>
        {
            await using var read = new NpgsqlCommand($"SELECT document FROM \"{s}\".payments WHERE key = 'rc1-failed-over'", connection);
            var record = PaymentRecordSerializer.Deserialize((string)(await read.ExecuteScalarAsync())!);
            await using var write = new NpgsqlCommand($"UPDATE \"{s}\".payments SET document = @document WHERE key = 'rc1-failed-over'", connection);
            write.Parameters.AddWithValue("document", PaymentRecordSerializer.Serialize(record with { Refunds = [Refund("half-1", "half-ref-1", "paystack", "RF_1")] }));
            await write.ExecuteNonQueryAsync();
        });
        await using var store = database.CreateStore(schema);

        Assert.Equal("rc1-failed-over", (await store.FindByRefundKeyAsync("half-1", None))?.Key);
        Assert.Equal("rc1-failed-over", (await store.FindByRefundReferenceAsync("Paystack", "RF_1", None))?.Key);
        var paid = await store.GetAsync("rc1-paid", None);
        Assert.Null(await store.TryUpdateAsync(paid! with { Refunds = [Refund("half-1", "rc1-paid-rf-x")] }, None)); // the key is taken
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

    /// <summary>Restores the dump into a fresh schema (still at version 1: nothing has opened it), then runs <paramref name="change"/> on it.</summary>
    private async Task<string> RestoreAsync(Func<NpgsqlConnection, string, Task>? change = null)
    {
        database.RequireDatabase();
        var schema = database.NewSchema();
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", FixtureName));
        var sql = string.Join('\n', lines.Where(line => !line.StartsWith('\\'))) // psql meta-commands (\restrict): not SQL
            .Replace(FixtureSchema, schema, StringComparison.Ordinal);
        await using var dataSource = database.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var restore = new NpgsqlCommand(sql, connection))
        {
            await restore.ExecuteNonQueryAsync();
        }

        await using (var version = new NpgsqlCommand($"SELECT max(version) FROM \"{schema}\".schema_version", connection))
        {
            Assert.Equal(1, await version.ExecuteScalarAsync());
        }

        if (change is not null)
        {
            await change(connection, schema);
        }

        return schema;
    }
}
