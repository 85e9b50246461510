using System.Diagnostics;
using Resilience.Payments.PostgreSql.Internal;

namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>The PostgreSQL store's refund index beyond the shared contract: the statements chosen, and the race on one refund key.</summary>
public sealed class PostgreSqlRefundIndexTests(PostgreSqlFixture database) : IClassFixture<PostgreSqlFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Statements_RecordWithoutRefunds_WriteTheAccountReferenceAndNoRefundRows(bool notify, bool events)
    {
        var sql = new StoreSql("payments");

        foreach (var rows in new[] { IndexRows.None, IndexRows.Attempts })
        {
            Assert.DoesNotContain("payment_refunds", sql.Create(notify, rows, events), StringComparison.Ordinal);
            Assert.DoesNotContain("payment_refunds", sql.Update(notify, rows, events), StringComparison.Ordinal);
            Assert.Contains("@account_reference", sql.Create(notify, rows, events), StringComparison.Ordinal);
            Assert.Contains("@account_reference", sql.Update(notify, rows, events), StringComparison.Ordinal);
        }

        Assert.Contains("INSERT INTO \"payments\".payment_refunds", sql.Create(notify, IndexRows.AttemptsAndRefunds, events), StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"payments\".payment_refunds", sql.Update(notify, IndexRows.AttemptsAndRefunds, events), StringComparison.Ordinal);
        Assert.Equal(events, sql.Create(notify, IndexRows.None, events).Contains("payment_events", StringComparison.Ordinal));
        Assert.Equal(events, sql.Update(notify, IndexRows.AttemptsAndRefunds, events).Contains("payment_events", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TryUpdateAsync_RefundKeyIndexedForAnotherPaymentWhileTheWriteRuns_WritesNothingOrTakesTheKeyIfTheOtherRollsBack(bool otherCommits)
    {
        database.RequireDatabase();
        var schema = database.NewSchema();
        await using var store = database.CreateStore(schema);
        var now = DateTimeOffset.UtcNow;
        await store.TryCreateAsync(TestRecords.Queued("p1", now, now.AddHours(1)), None);
        var (p2, _) = await store.TryCreateAsync(TestRecords.Queued("p2", now, now.AddHours(1)), None);

        // Another writer indexes the key for p1 and has not committed: the store's check does not see it, its insert waits for it.
        await using var dataSource = database.CreateDataSource();
        await using var other = await dataSource.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var index = new Npgsql.NpgsqlCommand($"INSERT INTO \"{schema}\".payment_refunds VALUES ('race-key', 'p1', 'mpesa', 'p1-ref', NULL)", other, transaction))
        {
            await index.ExecuteNonQueryAsync();
        }

        var update = store.TryUpdateAsync(p2 with { Refunds = [Refund("race-key", "p2-ref", now)] }, None).AsTask();
        await WaitUntilAWriteWaitsForALockAsync(schema);
        if (otherCommits)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        var result = await update;

        var read = await store.GetAsync("p2", None);
        var owner = await database.ExecuteScalarAsync($"SELECT payment_key FROM \"{schema}\".payment_refunds WHERE refund_key = 'race-key'");
        if (otherCommits)
        {
            Assert.Null(result);
            Assert.Equal(1, read!.Version);
            Assert.Empty(read.Refunds);
            Assert.Equal("p1", owner);
        }
        else
        {
            Assert.Equal(2, result!.Version);
            Assert.Equal("race-key", Assert.Single(read!.Refunds).Key);
            Assert.Equal("p2", owner);
        }
    }

    private static PaymentRefund Refund(string key, string reference, DateTimeOffset now) => new()
    {
        Key = key,
        Reference = reference,
        AttemptNumber = 1,
        Provider = "mpesa",
        Amount = Money.Kes(50m),
        Status = RefundStatus.Processing,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private async Task WaitUntilAWriteWaitsForALockAsync(string schema)
    {
        var started = Stopwatch.GetTimestamp();
        while (Convert.ToInt64(await database.ExecuteScalarAsync(
            $"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%\"{schema}\".payment_refunds%'"), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "The store's write never waited for the other writer's index row.");
            await Task.Delay(5);
        }
    }
}
