using Npgsql;

namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL outbox beyond the store contract: an event of a transaction still in flight is never skipped, group-committed
/// writes keep each payment's order, instances sharing a schema never hold one subscription at once, and schema version 2 migrates.
/// </summary>
public sealed class PostgreSqlEventOutboxTests(PostgreSqlFixture database) : IClassFixture<PostgreSqlFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 7, 24, 6, 0, 0, TimeSpan.Zero);

    private static PaymentRecord Record(string key) => new()
    {
        Key = key,
        Fingerprint = "F-" + key,
        Request = new PaymentRequest { IdempotencyKey = key, Amount = Money.Kes(100m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] },
        Status = PaymentStatus.Processing,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static StoredPaymentEvent Event(string key, long version) => new()
    {
        EventId = $"{key}/{version}/0",
        PaymentKey = key,
        EventType = "payment.status_changed",
        OccurredAt = T0,
        Payload = "{}",
    };

    private async Task<(string Schema, PostgreSqlPaymentStore Store)> NewStoreAsync()
    {
        database.RequireDatabase();
        var schema = database.NewSchema();
        var store = database.CreateStore(schema);
        await store.MigrateAsync(None);
        return (schema, store);
    }

    [Fact]
    public async Task ReadEventsAsync_OlderTransactionStillOpen_ReturnsNoEventBeyondItUntilItEnds()
    {
        var (schema, store) = await NewStoreAsync();
        await using var _ = store;
        await using var dataSource = database.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync(None);
        await using var transaction = await connection.BeginTransactionAsync(None);
        await using (var insert = new NpgsqlCommand(
            $"""INSERT INTO "{schema}".payment_events (event_id, payment_key, event_type, occurred_at, payload) VALUES ('early/1/0', 'early', 'payment.status_changed', now(), '[]')""",
            connection,
            transaction))
        {
            await insert.ExecuteNonQueryAsync(None); // this transaction now holds an id, older than the store's write below
        }

        await store.TryCreateAsync(Record("late") with { NewEvents = [Event("late", 1)] }, None);

        Assert.Empty(await store.ReadEventsAsync(PaymentEventPosition.Start, 10, None)); // "late" committed, but "early" may still come before it
        await transaction.CommitAsync(None);
        await EventVisibility.WaitForOlderTransactionsAsync(database);

        var events = await store.ReadEventsAsync(PaymentEventPosition.Start, 10, None);
        Assert.Equal(["early/1/0", "late/1/0"], events.Select(e => e.EventId));
        Assert.True(events[0].Position < events[1].Position);
    }

    [Fact]
    public async Task ReadEventsAsync_OlderTransactionRolledBack_ReturnsTheLaterEvent()
    {
        var (schema, store) = await NewStoreAsync();
        await using var _ = store;
        await using var dataSource = database.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync(None);
        await using var transaction = await connection.BeginTransactionAsync(None);
        await using (var insert = new NpgsqlCommand($"""INSERT INTO "{schema}".payment_events (event_id, payment_key, event_type, occurred_at, payload) VALUES ('gone', 'gone', 't', now(), '')""", connection, transaction))
        {
            await insert.ExecuteNonQueryAsync(None);
        }

        await store.TryCreateAsync(Record("late") with { NewEvents = [Event("late", 1)] }, None);
        await transaction.RollbackAsync(None);
        await EventVisibility.WaitForOlderTransactionsAsync(database);

        Assert.Equal(["late/1/0"], (await store.ReadEventsAsync(PaymentEventPosition.Start, 10, None)).Select(e => e.EventId));
    }

    [Fact]
    public async Task TryUpdateAsync_ManyPaymentsGroupCommitted_EachPaymentsEventsInWriteOrder()
    {
        var (_, store) = await NewStoreAsync();
        await using var __ = store;
        const int Payments = 40;

        await Parallel.ForEachAsync(Enumerable.Range(0, Payments), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            var key = $"p{i:D2}";
            var (current, created) = await store.TryCreateAsync(Record(key) with { NewEvents = [Event(key, 1)] }, token);
            Assert.True(created);
            for (var version = 2; version <= 4; version++)
            {
                current = (await store.TryUpdateAsync(current with { StatusChecks = version, NewEvents = [Event(key, version)] }, token))!;
                Assert.Equal(version, current.Version);
            }
        });
        await EventVisibility.WaitForOlderTransactionsAsync(database);

        var events = await store.ReadEventsAsync(PaymentEventPosition.Start, 1000, None);
        Assert.Equal(Payments * 4, events.Count);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i - 1].Position < events[i].Position);
        }

        foreach (var payment in events.GroupBy(e => e.PaymentKey))
        {
            Assert.Equal([$"{payment.Key}/1/0", $"{payment.Key}/2/0", $"{payment.Key}/3/0", $"{payment.Key}/4/0"], payment.Select(e => e.EventId));
        }
    }

    [Fact]
    public async Task TryLeaseSubscriptionAsync_TwoInstancesOnOneSchema_OnlyOneHoldsItAtATime()
    {
        var (schema, storeA) = await NewStoreAsync();
        await using var _ = storeA;
        await using var storeB = database.CreateStore(schema); // its own data source, its own connections

        for (var round = 0; round < 20; round++)
        {
            var now = T0.AddMinutes(round); // each round starts after the previous round's 30 s lease ended
            var results = await Task.WhenAll(
                storeA.TryLeaseSubscriptionAsync("tickets", "instance-a", now, now.AddSeconds(30), None).AsTask(),
                storeB.TryLeaseSubscriptionAsync("tickets", "instance-b", now, now.AddSeconds(30), None).AsTask());

            var holder = Assert.Single(results, r => r is not null)!;
            var (holderStore, otherStore, other) = holder.LeaseOwner == "instance-a" ? (storeA, storeB, "instance-b") : (storeB, storeA, "instance-a");
            Assert.Null(await otherStore.TryLeaseSubscriptionAsync("tickets", other, now.AddSeconds(29), now.AddSeconds(59), None));
            Assert.True(await holderStore.TryUpdateSubscriptionAsync(holder with { Failures = round }, None));
        }

        var last = (await storeA.ListSubscriptionsAsync(None)).Single();
        var taker = last.LeaseOwner == "instance-a" ? "instance-b" : "instance-a";
        var takenOver = await (taker == "instance-a" ? storeA : storeB).TryLeaseSubscriptionAsync("tickets", taker, last.LeaseExpiresAt!.Value, last.LeaseExpiresAt.Value.AddSeconds(30), None);
        Assert.Equal(taker, takenOver!.LeaseOwner);
        Assert.False(await (taker == "instance-a" ? storeB : storeA).TryUpdateSubscriptionAsync(last with { Failures = 99 }, None));
        Assert.Equal(19, (await storeB.ListSubscriptionsAsync(None)).Single().Failures);
    }

    [Fact]
    public async Task MigrateAsync_SchemaAtVersion2_AddsTheOutboxKeepingPayments()
    {
        var (schema, store) = await NewStoreAsync();
        await using (store)
        {
            await store.TryCreateAsync(Record("old"), None);
        }

        await database.ExecuteScalarAsync($"""
            DROP TABLE "{schema}".payment_events; DROP TABLE "{schema}".payment_event_subscriptions; DROP TABLE "{schema}".payment_event_dead_letters;
            DELETE FROM "{schema}".schema_version WHERE version = 3;
            """);

        await using var reopened = database.CreateStore(schema);
        var old = await reopened.GetAsync("old", None);
        Assert.NotNull(await reopened.TryUpdateAsync(old! with { StatusChecks = 1, NewEvents = [Event("old", 2)] }, None));
        await EventVisibility.WaitForOlderTransactionsAsync(database);

        Assert.Equal("1,2,3", await database.ExecuteScalarAsync($"SELECT string_agg(version::text, ',' ORDER BY version) FROM \"{schema}\".schema_version"));
        Assert.Equal(["old/2/0"], (await reopened.ReadEventsAsync(PaymentEventPosition.Start, 10, None)).Select(e => e.EventId));
    }
}
