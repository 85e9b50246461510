using Microsoft.Extensions.DependencyInjection;

namespace Resilience.Payments.PostgreSql.Tests;

public sealed class PostgreSqlPaymentStoreTests(PostgreSqlFixture database) : IClassFixture<PostgreSqlFixture>
{
    private static readonly PaymentStatus[] QueuedOnly = [PaymentStatus.Queued];

    [Fact]
    public async Task Migrate_FiveStoresStartingAtOnce_CreateTheSchemaOnceWithOneRowPerVersion()
    {
        var schema = database.NewSchema();
        var stores = Enumerable.Range(0, 5).Select(_ => database.CreateStore(schema)).ToList();
        try
        {
            using var start = new Barrier(5);
            await Task.WhenAll(stores.Select(store => Task.Run(async () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                await store.MigrateAsync(TestContext.Current.CancellationToken);
            })));

            Assert.Equal((long)PostgreSqlPaymentStore.SchemaVersion, await database.ExecuteScalarAsync($"SELECT count(*) FROM \"{schema}\".schema_version"));
            Assert.Equal(PostgreSqlPaymentStore.SchemaVersion, await database.ExecuteScalarAsync($"SELECT max(version) FROM \"{schema}\".schema_version"));
            var (_, created) = await stores[4].TryCreateAsync(TestRecords.Queued("k1", DateTimeOffset.UtcNow), default);
            Assert.True(created);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(99)]
    public async Task Migrate_SchemaNewerThanTheLibrary_ThrowsNamingBothVersions(int version)
    {
        var schema = database.NewSchema();
        await using (var first = database.CreateStore(schema))
        {
            await first.MigrateAsync(TestContext.Current.CancellationToken);
        }

        await database.ExecuteScalarAsync($"INSERT INTO \"{schema}\".schema_version (version, library) VALUES ({version}, 'future')");
        await using var store = database.CreateStore(schema);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.GetAsync("any", default));
        Assert.Contains($"version {version}", error.Message, StringComparison.Ordinal);
        Assert.Contains("up to 3", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {PostgreSqlPaymentStore.SchemaVersion}", error.Message, StringComparison.Ordinal);
        Assert.Contains(schema, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimDue_TwoConcurrentClaimersOnSeparateDataSources_NeverClaimTheSameRecordAndTogetherClaimAll()
    {
        var schema = database.NewSchema();
        await using var seed = database.CreateStore(schema);
        var now = DateTimeOffset.UtcNow;
        const int Count = 400;
        for (var i = 0; i < Count; i++)
        {
            await seed.TryCreateAsync(TestRecords.Queued($"c{i:D4}", now.AddMilliseconds(-i), now.AddSeconds(-1)), default);
        }

        await using var a = database.CreateStore(schema);
        await using var b = database.CreateStore(schema);

        async Task<List<PaymentRecord>> ClaimAll(PostgreSqlPaymentStore store, string owner)
        {
            var mine = new List<PaymentRecord>();
            while (true)
            {
                var claimed = await store.ClaimDueAsync(
                    new PaymentClaim { Statuses = QueuedOnly, Now = DateTimeOffset.UtcNow, Owner = owner, LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5), MaxCount = 7 },
                    default);
                if (claimed.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(claimed);
            }
        }

        var results = await Task.WhenAll(Task.Run(() => ClaimAll(a, "owner-a")), Task.Run(() => ClaimAll(b, "owner-b")));

        var all = results.SelectMany(r => r).Select(r => r.Key).ToList();
        Assert.Equal(Count, all.Count);
        Assert.Equal(Count, all.Distinct().Count());
        Assert.NotEmpty(results[0]);
        Assert.NotEmpty(results[1]);
        Assert.All(results[0], r => Assert.Equal("owner-a", r.LeaseOwner));
        Assert.All(results[0].Concat(results[1]), r => Assert.Equal(2, r.Version));
        var stored = await seed.GetAsync(results[1][0].Key, default);
        Assert.Equal("owner-b", stored!.LeaseOwner);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task ClaimDue_LiveLease_IsNotTakenButAnExpiredLeaseIsTakenOverByAnotherOwner()
    {
        var schema = database.NewSchema();
        await using var one = database.CreateStore(schema);
        await using var two = database.CreateStore(schema);
        var now = DateTimeOffset.UtcNow;
        await one.TryCreateAsync(TestRecords.Queued("lease-1", now, now), default);

        var first = await one.ClaimDueAsync(new PaymentClaim { Statuses = QueuedOnly, Now = now, Owner = "dead-instance", LeaseExpiresAt = now.AddSeconds(30), MaxCount = 10 }, default);
        Assert.Single(first);

        var whileLive = await two.ClaimDueAsync(new PaymentClaim { Statuses = QueuedOnly, Now = now.AddSeconds(29), Owner = "other", LeaseExpiresAt = now.AddSeconds(90), MaxCount = 10 }, default);
        Assert.Empty(whileLive);

        var afterExpiry = await two.ClaimDueAsync(new PaymentClaim { Statuses = QueuedOnly, Now = now.AddSeconds(30), Owner = "other", LeaseExpiresAt = now.AddSeconds(90), MaxCount = 10 }, default);
        var taken = Assert.Single(afterExpiry);
        Assert.Equal("other", taken.LeaseOwner);
        Assert.Equal(3, taken.Version);

        // The dead instance's stale write loses the compare-and-swap.
        Assert.Null(await one.TryUpdateAsync(first[0] with { Status = PaymentStatus.Failed, DueAt = null }, default));
        Assert.NotNull(await two.TryUpdateAsync(taken with { Status = PaymentStatus.Failed, DueAt = null, LeaseOwner = null, LeaseExpiresAt = null }, default));
    }

    [Fact]
    public async Task Records_PersistAcrossStoreInstances_WithAttemptsAndProviderReferenceIndex()
    {
        var schema = database.NewSchema();
        var now = DateTimeOffset.UtcNow;
        var instrument = new MobileMoneyInstrument(PhoneNumber.Parse("254712345678"));
        await using (var writer = database.CreateStore(schema))
        {
            var (created, isNew) = await writer.TryCreateAsync(TestRecords.Queued("persist-1", now), default);
            Assert.True(isNew);
            Assert.Equal(1, created.Version);
            var updated = await writer.TryUpdateAsync(
                created with
                {
                    Status = PaymentStatus.Succeeded,
                    DueAt = null,
                    Attempts =
                    [
                        new PaymentAttempt { Number = 1, Reference = "persist-1-1", Provider = "Mpesa", Instrument = instrument, StartedAt = now, Outcome = OutcomeKind.NotProcessed },
                        new PaymentAttempt { Number = 2, Reference = "persist-1-2", Provider = "Paystack", Instrument = instrument, StartedAt = now, Outcome = OutcomeKind.Succeeded, ProviderReference = "PS-777", Receipt = "R1" },
                    ],
                },
                default);
            Assert.Equal(2, updated!.Version);
        }

        await using var reader = database.CreateStore(schema);
        var read = await reader.GetAsync("persist-1", default);
        Assert.NotNull(read);
        Assert.Equal(PaymentStatus.Succeeded, read.Status);
        Assert.Equal(2, read.Version);
        Assert.Equal(2, read.Attempts.Count);
        Assert.Equal("R1", read.Attempts[1].Receipt);
        Assert.Equal(now.ToUnixTimeMilliseconds(), read.CreatedAt.ToUnixTimeMilliseconds());

        var found = await reader.FindByProviderReferenceAsync("PAYSTACK", "PS-777", default);
        Assert.Equal("persist-1", found?.Key);
        Assert.Null(await reader.FindByProviderReferenceAsync("Mpesa", "PS-777", default));
        // The index holds the attempts that have a provider reference: the NotProcessed attempt has none.
        Assert.Equal(1L, await database.ExecuteScalarAsync($"SELECT count(*) FROM \"{schema}\".payment_attempts WHERE payment_key = 'persist-1'"));
        Assert.Equal(1, (await reader.CountByStatusAsync(default))[PaymentStatus.Succeeded]);
    }

    [Fact]
    public async Task TryCreate_ConcurrentCallsWithOneKey_ExactlyOneCreates()
    {
        var schema = database.NewSchema();
        var stores = Enumerable.Range(0, 4).Select(_ => database.CreateStore(schema)).ToList();
        try
        {
            await stores[0].MigrateAsync(TestContext.Current.CancellationToken);
            var now = DateTimeOffset.UtcNow;
            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
                await stores[i % 4].TryCreateAsync(TestRecords.Queued("same-key", now) with { FailureReason = $"writer {i}" }, default))));
            var winner = Assert.Single(results, r => r.Created);
            Assert.All(results, r => Assert.Equal(winner.Record.FailureReason, r.Record.FailureReason));
            Assert.All(results, r => Assert.Equal(1, r.Record.Version));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TryUpdate_ConcurrentWritersFromOneVersion_ExactlyOneWins()
    {
        var schema = database.NewSchema();
        await using var store = database.CreateStore(schema);
        var (record, _) = await store.TryCreateAsync(TestRecords.Queued("cas-1", DateTimeOffset.UtcNow), default);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            await store.TryUpdateAsync(record with { QueueRounds = i + 1 }, default))));
        var winner = Assert.Single(results, r => r is not null);
        var stored = await store.GetAsync("cas-1", default);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(winner!.QueueRounds, stored.QueueRounds);
    }

    [Fact]
    public async Task List_PagesInCreationThenKeyOrder_AndFiltersDeadLetters()
    {
        var schema = database.NewSchema();
        await using var store = database.CreateStore(schema);
        var t0 = DateTimeOffset.UtcNow;
        await store.TryCreateAsync(TestRecords.Queued("b", t0), default);
        await store.TryCreateAsync(TestRecords.Queued("a", t0), default);
        await store.TryCreateAsync(TestRecords.Queued("c", t0.AddSeconds(-1)) with { Status = PaymentStatus.Failed, DueAt = null, QueueRounds = 3 }, default);

        var all = await store.ListAsync(new PaymentQuery(), default);
        Assert.Equal(["c", "a", "b"], all.Select(r => r.Key));
        var page = await store.ListAsync(new PaymentQuery { AfterKey = "a", Limit = 5 }, default);
        Assert.Equal(["b"], page.Select(r => r.Key));
        var deadLetters = await store.ListAsync(new PaymentQuery { Statuses = [PaymentStatus.Failed], QueuedAtLeastOnce = true }, default);
        Assert.Equal(["c"], deadLetters.Select(r => r.Key));
        Assert.Empty(await store.ListAsync(new PaymentQuery { Statuses = [PaymentStatus.Succeeded] }, default));
    }

    [Fact]
    public async Task WaitForWork_AWriteThatMakesAPaymentDueNow_WakesAListenerInAnotherInstance()
    {
        var schema = database.NewSchema();
        await using var listener = database.CreateStore(schema);
        await using var writer = database.CreateStore(schema);
        await writer.MigrateAsync(TestContext.Current.CancellationToken);
        Assert.False(await listener.WaitForWorkAsync(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken));

        // The first wait has opened the LISTEN connection: a notification sent from now on is buffered on it until
        // the next wait reads it, so no pause is needed between starting the wait and writing.
        var waiting = listener.WaitForWorkAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await writer.TryCreateAsync(TestRecords.Queued("wake-1", DateTimeOffset.UtcNow), default);

        Assert.True(await waiting);
    }

    [Fact]
    public void Options_Invalid_MessagesNameTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlPaymentStore(new PostgreSqlPaymentStoreOptions { Schema = "bad-name;drop" }));
        Assert.Contains("PostgreSqlPaymentStoreOptions.ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSqlPaymentStoreOptions.Schema", error.Message, StringComparison.Ordinal);
        var services = new ServiceCollection();
        var builder = services.AddPaymentGateway(_ => { });
        Assert.Throws<ArgumentException>(() => builder.UsePostgreSql(string.Empty));
    }

    [Fact]
    public async Task UsePostgreSql_RegistersTheStoreForTheGateway()
    {
        database.RequireDatabase();
        var schema = database.NewSchema();
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false)
            .UsePostgreSql(o =>
            {
                o.ConnectionString = database.ConnectionString;
                o.Schema = schema;
            });
        await using var provider = services.BuildServiceProvider();
        var store = Assert.IsType<PostgreSqlPaymentStore>(provider.GetRequiredService<IPaymentStore>());
        Assert.Equal(schema, store.Schema);
        Assert.Empty(await store.CountByStatusAsync(default));

        // A container disposed synchronously disposes the store too (it is IDisposable as well as IAsyncDisposable).
        var syncServices = new ServiceCollection();
        syncServices.AddPaymentGateway(o => o.EnableBackgroundWorkers = false).UsePostgreSql(database.ConnectionString!);
        var syncProvider = syncServices.BuildServiceProvider();
        Assert.IsType<PostgreSqlPaymentStore>(syncProvider.GetRequiredService<IPaymentStore>());
        syncProvider.Dispose();
    }
}
