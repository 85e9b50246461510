using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Tests.Storage;

/// <summary>The SQLite outbox beyond the store contract: events in group-commit batches, and the migration from schema version 2.</summary>
public sealed class SqliteEventOutboxTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static StoredPaymentEvent Event(string key, int version, int index = 0) => new()
    {
        EventId = $"{key}/{version}/{index}",
        PaymentKey = key,
        EventType = "payment.status_changed",
        OccurredAt = Records.T0,
        Payload = "{}",
    };

    [Fact]
    public async Task TryCreateAsync_OneOperationOfABatchFails_ItsEventsAreRolledBackTheOthersKept()
    {
        await using var store = _database.Open();
        using var gate = new WriterGate(store, operation =>
        {
            if (operation.Key == "b")
            {
                throw new InvalidOperationException("injected");
            }
        });
        gate.Close();
        var writes = new[] { "a", "b", "c" }
            .Select(key => store.TryCreateAsync(Records.Minimal(key) with { NewEvents = [Event(key, 1), Event(key, 1, 1)] }, None).AsTask())
            .ToArray();
        gate.Open();
        await gate.GateWrite;

        Assert.True((await writes[0]).Created);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
        Assert.True((await writes[2]).Created);

        var events = await store.ReadEventsAsync(PaymentEventPosition.Start, 100, None);
        Assert.Equal(["a/1/0", "a/1/1", "c/1/0", "c/1/1"], events.Select(e => e.EventId));
        Assert.All(events, e => Assert.Equal(0, e.Position.Commit));
        Assert.Equal(events.Select(e => e.Position.Sequence).Order(), events.Select(e => e.Position.Sequence));
        Assert.Null(await store.GetAsync("b", None));
    }

    [Fact]
    public async Task TryCreateAsync_AfterEventsDeleted_NeverReusesASequenceNumber()
    {
        await using var store = _database.Open();
        await store.TryCreateAsync(Records.Minimal("a") with { NewEvents = [Event("a", 1)] }, None);
        var first = (await store.ReadEventsAsync(PaymentEventPosition.Start, 10, None)).Single();
        Assert.Equal(1, await store.DeleteDeliveredEventsAsync(Records.T0.AddDays(1), 10, None));

        await store.TryCreateAsync(Records.Minimal("b") with { NewEvents = [Event("b", 1)] }, None);

        var second = (await store.ReadEventsAsync(PaymentEventPosition.Start, 10, None)).Single();
        Assert.True(second.Position > first.Position);
        Assert.Equal(second, (await store.ReadEventsAsync(first.Position, 10, None)).Single());
    }

    [Fact]
    public async Task Open_SchemaVersion2Database_MigratesToVersion3KeepingPaymentsWithAnEmptyOutbox()
    {
        await using (var store = _database.Open())
        {
            await store.TryCreateAsync(Records.Minimal("old") with { Status = PaymentStatus.Succeeded }, None);
        }

        // The database as schema version 2 left it: no outbox tables.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.FilePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TABLE payment_events; DROP TABLE payment_event_subscriptions; DROP TABLE payment_event_dead_letters;
                DELETE FROM sqlite_sequence WHERE name LIKE 'payment_event%';
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }

        await using var reopened = _database.Open();
        var old = await reopened.GetAsync("old", None);
        var updated = await reopened.TryUpdateAsync(old! with { StatusChecks = 1, NewEvents = [Event("old", 2)] }, None);

        Assert.Equal(3L, await reopened.ExecuteOnWriterAsync("PRAGMA user_version;"));
        Assert.Equal(2, updated!.Version);
        Assert.Equal(["old/2/0"], (await reopened.ReadEventsAsync(PaymentEventPosition.Start, 10, None)).Select(e => e.EventId));
        Assert.NotNull(await reopened.TryLeaseSubscriptionAsync("tickets", "host-a", Records.T0, Records.T0.AddSeconds(30), None));
    }
}
