namespace Resilience.Payments.Tests.Storage;

/// <summary>
/// The <see cref="IPaymentEventStore"/> part of the store contract: events written in the same transaction as their record,
/// read in position order, subscriptions leased and checkpointed, dead letters, and retention. Every store of the library
/// implements it.
/// </summary>
public abstract partial class PaymentStoreContractTests
{
    private const string Owner1 = "host-a/1";
    private const string Owner2 = "host-b/2";

    /// <summary>Gets the store under test as an <see cref="IPaymentEventStore"/>.</summary>
    protected IPaymentEventStore Events => Store as IPaymentEventStore ?? throw new InvalidOperationException($"{Store.GetType().Name} does not implement IPaymentEventStore.");

    /// <summary>
    /// Waits until every event written so far can be read (a store whose readers wait for older open transactions, as the
    /// PostgreSQL store's do, waits here for transactions of other tests running at the same time). Nothing to wait for by default.
    /// </summary>
    /// <returns>A task.</returns>
    protected virtual Task SettleEventsAsync() => Task.CompletedTask;

    /// <summary>An event as the gateway writes it.</summary>
    /// <param name="key">The payment key.</param>
    /// <param name="version">The record version the event belongs to.</param>
    /// <param name="index">The event's index in its write.</param>
    /// <param name="occurredAt">When it happened; <see cref="T0"/> by default.</param>
    /// <returns>The event.</returns>
    protected static StoredPaymentEvent NewEvent(string key, int version, int index = 0, DateTimeOffset? occurredAt = null) => new()
    {
        EventId = $"{key}/{version}/{index}",
        PaymentKey = key,
        EventType = index % 2 == 0 ? "payment.status_changed" : "refund.status_changed",
        OccurredAt = occurredAt ?? T0,
        Payload = $$"""{"key":"{{key}}","version":{{version}},"note":"ü \"quoted\" ✓"}""",
    };

    private async Task<IReadOnlyList<StoredPaymentEvent>> ReadAllAsync(PaymentEventPosition? after = null)
    {
        await SettleEventsAsync();
        return await Events.ReadEventsAsync(after ?? PaymentEventPosition.Start, 1000, None);
    }

    private async Task<PaymentEventSubscription> LeaseAsync(string name, string owner, DateTimeOffset now)
    {
        var leased = await Events.TryLeaseSubscriptionAsync(name, owner, now, now.AddSeconds(30), None);
        Assert.NotNull(leased);
        return leased;
    }

    private static void AssertAscending(IReadOnlyList<StoredPaymentEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i - 1].Position < events[i].Position, $"positions not ascending at {i}: {events[i - 1].Position} then {events[i].Position}");
        }
    }

    private async Task<IReadOnlyList<StoredPaymentEvent>> WriteEventsAsync(int payments, DateTimeOffset? occurredAt = null)
    {
        for (var i = 0; i < payments; i++)
        {
            await CreateAsync(Record($"e{i}") with { NewEvents = [NewEvent($"e{i}", 1, 0, occurredAt)] });
        }

        var events = await ReadAllAsync();
        Assert.Equal(payments, events.Count);
        return events;
    }

    // ---- Writing with the record ----

    [Fact]
    public async Task TryCreateAsync_WithNewEvents_WritesThemInOrderAndReturnsRecordWithoutThem()
    {
        var first = NewEvent("p1", 1, 0, T0.AddMilliseconds(250));
        var second = NewEvent("p1", 1, 1, T0.AddMilliseconds(250));

        var stored = await CreateAsync(Record("p1") with { NewEvents = [first, second] });

        Assert.Empty(stored.NewEvents);
        Assert.Empty((await Store.GetAsync("p1", None))!.NewEvents);
        var events = await ReadAllAsync();
        Assert.Equal([first.EventId, second.EventId], events.Select(e => e.EventId));
        Assert.Equal(first with { Position = events[0].Position }, events[0]);
        Assert.Equal(second with { Position = events[1].Position }, events[1]);
        Assert.NotEqual(PaymentEventPosition.Start, events[0].Position);
        AssertAscending(events);
    }

    [Fact]
    public async Task TryUpdateAsync_WithNewEvents_WritesThemAfterEarlierEvents()
    {
        var v1 = await CreateAsync(Record("p1") with { NewEvents = [NewEvent("p1", 1)] });
        await CreateAsync(Record("p2") with { NewEvents = [NewEvent("p2", 1)] });

        var v2 = await Store.TryUpdateAsync(v1 with { Status = PaymentStatus.Succeeded, NewEvents = [NewEvent("p1", 2), NewEvent("p1", 2, 1)] }, None);
        var v3 = await Store.TryUpdateAsync(v2! with { StatusChecks = 1 }, None);

        Assert.Empty(v2!.NewEvents);
        Assert.Equal(3, v3!.Version);
        var events = await ReadAllAsync();
        Assert.Equal(["p1/1/0", "p2/1/0", "p1/2/0", "p1/2/1"], events.Select(e => e.EventId));
        AssertAscending(events);
    }

    [Fact]
    public async Task TryUpdateAsync_VersionConflict_WritesNoEvent()
    {
        var v1 = await CreateAsync(Record("p1"));
        Assert.NotNull(await Store.TryUpdateAsync(v1 with { StatusChecks = 1 }, None));

        var stale = await Store.TryUpdateAsync(v1 with { Status = PaymentStatus.Failed, NewEvents = [NewEvent("p1", 2)] }, None);
        var missing = await Store.TryUpdateAsync(Record("nope") with { Version = 1, NewEvents = [NewEvent("nope", 2)] }, None);

        Assert.Null(stale);
        Assert.Null(missing);
        Assert.Empty(await ReadAllAsync());
    }

    [Fact]
    public async Task TryCreateAsync_ExistingKey_WritesNoEventAndReturnsStoredRecord()
    {
        await CreateAsync(Record("p1") with { NewEvents = [NewEvent("p1", 1)] });

        var (existing, created) = await Store.TryCreateAsync(Record("p1") with { NewEvents = [NewEvent("p1", 1, 1)] }, None);

        Assert.False(created);
        Assert.Empty(existing.NewEvents);
        Assert.Equal(["p1/1/0"], (await ReadAllAsync()).Select(e => e.EventId));
    }

    [Fact]
    public async Task TryCreateAndTryUpdateAsync_RefundKeyOfAnotherPayment_WriteNoEvent()
    {
        await CreateAsync(Charged("p1") with { Refunds = [Refund("rf-1", "p1-rf-1")], NewEvents = [NewEvent("p1", 1)] });
        var p2 = await CreateAsync(Charged("p2"));

        var (_, created) = await Store.TryCreateAsync(Charged("p3") with { Refunds = [Refund("rf-1", "p3-rf-1")], NewEvents = [NewEvent("p3", 1)] }, None);
        var updated = await Store.TryUpdateAsync(p2 with { Refunds = [Refund("rf-1", "p2-rf-1")], NewEvents = [NewEvent("p2", 2)] }, None);

        Assert.False(created);
        Assert.Null(updated);
        Assert.Equal(["p1/1/0"], (await ReadAllAsync()).Select(e => e.EventId));
    }

    [Fact]
    public void Serialize_RecordWithNewEvents_DocumentHoldsNoEvent()
    {
        var record = Record("p1") with { NewEvents = [NewEvent("p1", 1)] };

        var document = PaymentRecordSerializer.Serialize(record);

        Assert.Equal(PaymentRecordSerializer.Serialize(record with { NewEvents = [] }), document);
        Assert.DoesNotContain("p1/1/0", document, StringComparison.Ordinal);
        Assert.Empty(PaymentRecordSerializer.Deserialize(document).NewEvents);
    }

    // ---- ReadEventsAsync ----

    [Fact]
    public async Task ReadEventsAsync_AfterPositionWithLimit_ReturnsTheNextEventsInOrder()
    {
        var all = await WriteEventsAsync(5);

        var firstPage = await Events.ReadEventsAsync(PaymentEventPosition.Start, 2, None);
        var secondPage = await Events.ReadEventsAsync(firstPage[^1].Position, 2, None);
        var lastPage = await Events.ReadEventsAsync(secondPage[^1].Position, 2, None);
        var beyond = await Events.ReadEventsAsync(all[^1].Position, 10, None);

        Assert.Equal(all.Take(2), firstPage);
        Assert.Equal(all.Skip(2).Take(2), secondPage);
        Assert.Equal(all.Skip(4), lastPage);
        Assert.Empty(beyond);
        Assert.Equal(["e0/1/0", "e1/1/0", "e2/1/0", "e3/1/0", "e4/1/0"], all.Select(e => e.EventId));
    }

    // ---- Subscriptions ----

    [Fact]
    public async Task TryLeaseSubscriptionAsync_FirstTime_CreatesItAtStartLeasedToOwner()
    {
        var leased = await Events.TryLeaseSubscriptionAsync("tickets", Owner1, T0, T0.AddSeconds(30), None);

        var expected = new PaymentEventSubscription { Name = "tickets", Checkpoint = PaymentEventPosition.Start, LeaseOwner = Owner1, LeaseExpiresAt = T0.AddSeconds(30) };
        Assert.Equal(expected, leased);
        Assert.Equal([expected], await Events.ListSubscriptionsAsync(None));
    }

    [Fact]
    public async Task TryLeaseSubscriptionAsync_HeldByAnother_RefusedUntilExpiryThenTakenOver()
    {
        await LeaseAsync("tickets", Owner1, T0);
        var renewed = await LeaseAsync("tickets", Owner1, T0.AddSeconds(20));
        Assert.Equal(T0.AddSeconds(50), renewed.LeaseExpiresAt);

        Assert.Null(await Events.TryLeaseSubscriptionAsync("tickets", Owner2, T0.AddSeconds(49), T0.AddSeconds(79), None));
        var takenOver = await Events.TryLeaseSubscriptionAsync("tickets", Owner2, T0.AddSeconds(50), T0.AddSeconds(80), None);

        Assert.Equal(Owner2, takenOver!.LeaseOwner);
        Assert.Equal(T0.AddSeconds(80), takenOver.LeaseExpiresAt);
        Assert.Null(await Events.TryLeaseSubscriptionAsync("tickets", Owner1, T0.AddSeconds(51), T0.AddSeconds(81), None));
        Assert.Equal(Owner1, (await LeaseAsync("other", Owner1, T0.AddSeconds(51))).LeaseOwner);
    }

    [Fact]
    public async Task TryUpdateSubscriptionAsync_ByOwner_WritesCheckpointFailuresAndLease()
    {
        var events = await WriteEventsAsync(2);
        var leased = await LeaseAsync("tickets", Owner1, T0);
        var failing = leased with
        {
            Checkpoint = events[0].Position,
            Failures = 2,
            RetryAt = T0.AddSeconds(4),
            LastError = "InvalidOperationException: printer offline — ü",
            LeaseExpiresAt = T0.AddSeconds(60),
        };

        Assert.True(await Events.TryUpdateSubscriptionAsync(failing, None));
        Assert.Equal([failing], await Events.ListSubscriptionsAsync(None));

        var passed = failing with { Checkpoint = events[1].Position, Failures = 0, RetryAt = null, LastError = null };
        Assert.True(await Events.TryUpdateSubscriptionAsync(passed, None));
        Assert.Equal([passed], await Events.ListSubscriptionsAsync(None));
        Assert.Equal(passed, await Events.TryLeaseSubscriptionAsync("tickets", Owner1, T0.AddSeconds(1), T0.AddSeconds(60), None));
    }

    [Fact]
    public async Task TryUpdateSubscriptionAsync_AfterTakeoverOrUnknown_ReturnsFalseAndWritesNothing()
    {
        var events = await WriteEventsAsync(1);
        var mine = await LeaseAsync("tickets", Owner1, T0);
        var theirs = await LeaseAsync("tickets", Owner2, T0.AddSeconds(31));

        Assert.False(await Events.TryUpdateSubscriptionAsync(mine with { Checkpoint = events[0].Position }, None));
        Assert.False(await Events.TryUpdateSubscriptionAsync(mine with { Name = "unknown", Checkpoint = events[0].Position }, None));

        Assert.Equal([theirs], await Events.ListSubscriptionsAsync(None));
    }

    [Fact]
    public async Task ListSubscriptionsAsync_Several_OrderedByName()
    {
        await LeaseAsync("b-webhooks", Owner1, T0);
        await LeaseAsync("a-tickets", Owner2, T0);
        await LeaseAsync("c-ledger", Owner1, T0);

        Assert.Equal(["a-tickets", "b-webhooks", "c-ledger"], (await Events.ListSubscriptionsAsync(None)).Select(s => s.Name));
    }

    // ---- Dead letters ----

    [Fact]
    public async Task TryDeadLetterAsync_SameEventTwice_KeptOnceAndCheckpointMoved()
    {
        var events = await WriteEventsAsync(2);
        var leased = await LeaseAsync("tickets", Owner1, T0);
        var letter = new DeadLetteredEvent { Subscription = "tickets", Event = events[0], Attempts = 5, LastError = "HttpRequestException: 503", DeadLetteredAt = T0.AddMinutes(1) };
        var moved = leased with { Checkpoint = events[0].Position, Failures = 0 };

        Assert.True(await Events.TryDeadLetterAsync(moved, letter, None));
        Assert.True(await Events.TryDeadLetterAsync(moved, letter with { Attempts = 6, DeadLetteredAt = T0.AddMinutes(2) }, None));

        Assert.Equal([letter], await Events.ListDeadLettersAsync(10, None));
        Assert.Equal(events[0].Position, (await Events.ListSubscriptionsAsync(None))[0].Checkpoint);
    }

    [Fact]
    public async Task TryDeadLetterAsync_AfterTakeover_ReturnsFalseAndWritesNothing()
    {
        var events = await WriteEventsAsync(1);
        var mine = await LeaseAsync("tickets", Owner1, T0);
        await LeaseAsync("tickets", Owner2, T0.AddMinutes(1));
        var letter = new DeadLetteredEvent { Subscription = "tickets", Event = events[0], Attempts = 5, DeadLetteredAt = T0.AddMinutes(1) };

        Assert.False(await Events.TryDeadLetterAsync(mine with { Checkpoint = events[0].Position }, letter, None));

        Assert.Empty(await Events.ListDeadLettersAsync(10, None));
        Assert.Equal(PaymentEventPosition.Start, (await Events.ListSubscriptionsAsync(None))[0].Checkpoint);
    }

    [Fact]
    public async Task ListDeadLettersAsync_SeveralThenRemoved_NewestFirstWithinLimit()
    {
        var events = await WriteEventsAsync(3);
        var tickets = await LeaseAsync("tickets", Owner1, T0);
        var ledger = await LeaseAsync("ledger", Owner1, T0);
        DeadLetteredEvent Letter(string subscription, int i) => new() { Subscription = subscription, Event = events[i], Attempts = 3, DeadLetteredAt = T0.AddMinutes(i) };
        Assert.True(await Events.TryDeadLetterAsync(tickets with { Checkpoint = events[0].Position }, Letter("tickets", 0), None));
        Assert.True(await Events.TryDeadLetterAsync(ledger with { Checkpoint = events[1].Position }, Letter("ledger", 1), None));
        Assert.True(await Events.TryDeadLetterAsync(tickets with { Checkpoint = events[2].Position }, Letter("tickets", 2), None));

        Assert.Equal([Letter("tickets", 2), Letter("ledger", 1)], await Events.ListDeadLettersAsync(2, None));
        Assert.True(await Events.RemoveDeadLetterAsync("tickets", events[2].EventId, None));
        Assert.False(await Events.RemoveDeadLetterAsync("tickets", events[2].EventId, None));
        Assert.False(await Events.RemoveDeadLetterAsync("ledger", events[0].EventId, None));

        Assert.Equal([Letter("ledger", 1), Letter("tickets", 0)], await Events.ListDeadLettersAsync(10, None));
    }

    // ---- DeleteDeliveredEventsAsync ----

    [Fact]
    public async Task DeleteDeliveredEventsAsync_RetentionAndCheckpoints_DeletesOnlyOldEventsEverySubscriptionPassed()
    {
        for (var i = 0; i < 4; i++)
        {
            await CreateAsync(Record($"e{i}") with { NewEvents = [NewEvent($"e{i}", 1, 0, T0.AddHours(i))] });
        }

        var events = await ReadAllAsync();
        var fast = await LeaseAsync("fast", Owner1, T0.AddHours(5));
        var slow = await LeaseAsync("slow", Owner1, T0.AddHours(5));
        Assert.True(await Events.TryUpdateSubscriptionAsync(fast with { Checkpoint = events[3].Position }, None));
        Assert.True(await Events.TryUpdateSubscriptionAsync(slow with { Checkpoint = events[1].Position }, None));

        // Retention keeps e3 (at the boundary); the slow subscription keeps e2.
        Assert.Equal(2, await Events.DeleteDeliveredEventsAsync(T0.AddHours(3), 100, None));
        Assert.Equal(["e2/1/0", "e3/1/0"], (await ReadAllAsync()).Select(e => e.EventId));
        Assert.Equal(0, await Events.DeleteDeliveredEventsAsync(T0.AddHours(3), 100, None));
    }

    [Fact]
    public async Task DeleteDeliveredEventsAsync_Limit_DeletesOldestFirst()
    {
        var events = await WriteEventsAsync(3);

        Assert.Equal(2, await Events.DeleteDeliveredEventsAsync(T0.AddDays(1), 2, None));

        Assert.Equal([events[2]], await ReadAllAsync());
    }

    [Fact]
    public async Task DeleteDeliveredEventsAsync_SubscriptionNotLeasedSinceBoundary_DoesNotHoldEventsBack()
    {
        var events = await WriteEventsAsync(2);
        await LeaseAsync("removed-observer", Owner1, T0); // lease ended at T0 + 30 s and was never renewed
        var active = await LeaseAsync("tickets", Owner1, T0.AddDays(2));
        Assert.True(await Events.TryUpdateSubscriptionAsync(active with { Checkpoint = events[0].Position }, None));

        Assert.Equal(1, await Events.DeleteDeliveredEventsAsync(T0.AddDays(1), 100, None));

        Assert.Equal([events[1]], await ReadAllAsync());
    }

    [Fact]
    public async Task DeleteDeliveredEventsAsync_DeadLetteredEvent_KeepsTheDeadLetter()
    {
        var events = await WriteEventsAsync(1);
        var leased = await LeaseAsync("tickets", Owner1, T0);
        var letter = new DeadLetteredEvent { Subscription = "tickets", Event = events[0], Attempts = 5, DeadLetteredAt = T0.AddMinutes(1) };
        Assert.True(await Events.TryDeadLetterAsync(leased with { Checkpoint = events[0].Position }, letter, None));

        Assert.Equal(1, await Events.DeleteDeliveredEventsAsync(T0.AddSeconds(1), 100, None));

        Assert.Empty(await ReadAllAsync());
        Assert.Equal([letter], await Events.ListDeadLettersAsync(10, None));
    }

    // ---- Arguments ----

    [Fact]
    public async Task EventStoreMethods_BadArguments_ThrowNamingTheParameter()
    {
        var subscription = new PaymentEventSubscription { Name = " ", LeaseOwner = Owner1 };
        var letter = new DeadLetteredEvent { Subscription = " ", Event = NewEvent("p1", 1), Attempts = 1, DeadLetteredAt = T0 };

        await AssertThrowsAsync("limit", () => Events.ReadEventsAsync(PaymentEventPosition.Start, 0, None).AsTask());
        await AssertThrowsAsync("limit", () => Events.ListDeadLettersAsync(0, None).AsTask());
        await AssertThrowsAsync("limit", () => Events.DeleteDeliveredEventsAsync(T0, 0, None).AsTask());
        await AssertThrowsAsync("name", () => Events.TryLeaseSubscriptionAsync(" ", Owner1, T0, T0.AddSeconds(30), None).AsTask());
        await AssertThrowsAsync("name", () => Events.TryLeaseSubscriptionAsync("", Owner1, T0, T0.AddSeconds(30), None).AsTask());
        await AssertThrowsAsync("owner", () => Events.TryLeaseSubscriptionAsync("tickets", " ", T0, T0.AddSeconds(30), None).AsTask());
        await AssertThrowsAsync("subscription", () => Events.TryUpdateSubscriptionAsync(subscription, None).AsTask());
        await AssertThrowsAsync("subscription", () => Events.TryDeadLetterAsync(subscription, letter, None).AsTask());
        await AssertThrowsAsync("deadLetter", () => Events.TryDeadLetterAsync(subscription with { Name = "tickets" }, letter, None).AsTask());
        await AssertThrowsAsync("subscription", () => Events.RemoveDeadLetterAsync(" ", "p1/1/0", None).AsTask());
        await AssertThrowsAsync("eventId", () => Events.RemoveDeadLetterAsync("tickets", "", None).AsTask());

        Assert.Empty(await Events.ListSubscriptionsAsync(None));
    }

    private static async Task AssertThrowsAsync(string parameter, Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(call);
        Assert.Equal(parameter, error.ParamName);
    }
}
