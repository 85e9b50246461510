using Microsoft.Extensions.Time.Testing;

namespace Resilience.Payments.Tests.Storage;

public class InMemoryPaymentStoreTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private static readonly MobileMoneyInstrument Phone = PaymentInstrument.MobileMoney("0712345678");
    private static readonly CancellationToken None = CancellationToken.None;

    private static DateTimeOffset Now => Clock.GetUtcNow();

    private static PaymentRecord Record(string key, PaymentStatus status, DateTimeOffset? dueAt = null, DateTimeOffset? createdAt = null) => new()
    {
        Key = key,
        Fingerprint = "F-" + key,
        Request = new PaymentRequest { IdempotencyKey = key, Amount = Money.Kes(100m), Instruments = [Phone] },
        Status = status,
        CreatedAt = createdAt ?? Now,
        UpdatedAt = createdAt ?? Now,
        DueAt = dueAt,
    };

    private static PaymentAttempt Attempt(string key, int number, string provider, string? providerReference) => new()
    {
        Number = number,
        Reference = $"{key}-{number}",
        Provider = provider,
        Instrument = Phone,
        StartedAt = Now,
        ProviderReference = providerReference,
    };

    private static PaymentClaim Claim(int maxCount = 10, params PaymentStatus[] statuses) => new()
    {
        Statuses = statuses.Length == 0 ? [PaymentStatus.Queued, PaymentStatus.Pending] : statuses,
        Now = Now,
        Owner = "worker-1",
        LeaseExpiresAt = Now.AddMinutes(2),
        MaxCount = maxCount,
    };

    [Fact]
    public async Task TryCreateAsync_NewKey_StoresVersionOne()
    {
        var store = new InMemoryPaymentStore();

        var (record, created) = await store.TryCreateAsync(Record("k1", PaymentStatus.Processing), None);

        Assert.True(created);
        Assert.Equal(1, record.Version);
        Assert.Equal(1, store.Count);
        Assert.Equal(record, await store.GetAsync("k1", None));
    }

    [Fact]
    public async Task TryCreateAsync_ExistingKey_ReturnsExistingWithoutOverwriting()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("k1", PaymentStatus.Processing), None);

        var (record, created) = await store.TryCreateAsync(Record("k1", PaymentStatus.Queued) with { Fingerprint = "other" }, None);

        Assert.False(created);
        Assert.Equal("F-k1", record.Fingerprint);
        Assert.Equal(PaymentStatus.Processing, (await store.GetAsync("k1", None))!.Status);
    }

    [Fact]
    public async Task TryCreateAsync_HundredConcurrentCallsOneKey_ExactlyOneCreated()
    {
        var store = new InMemoryPaymentStore();
        var results = new (PaymentRecord Record, bool Created)[100];

        await Parallel.ForAsync(0, 100, async (i, ct) =>
            results[i] = await store.TryCreateAsync(Record("same", PaymentStatus.Processing) with { Fingerprint = $"F{i}" }, ct));

        Assert.Single(results, r => r.Created);
        var winner = results.Single(r => r.Created).Record.Fingerprint;
        Assert.All(results, r => Assert.Equal(winner, r.Record.Fingerprint));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task GetAsync_UnknownKey_ReturnsNull()
    {
        Assert.Null(await new InMemoryPaymentStore().GetAsync("nope", None));
    }

    [Fact]
    public async Task TryUpdateAsync_CurrentVersion_StoresAndIncrementsVersion()
    {
        var store = new InMemoryPaymentStore();
        var (created, _) = await store.TryCreateAsync(Record("k1", PaymentStatus.Processing), None);

        var updated = await store.TryUpdateAsync(created with { Status = PaymentStatus.Pending }, None);

        Assert.NotNull(updated);
        Assert.Equal(2, updated.Version);
        Assert.Equal(PaymentStatus.Pending, (await store.GetAsync("k1", None))!.Status);
    }

    [Fact]
    public async Task TryUpdateAsync_StaleVersion_ReturnsNullAndKeepsCurrent()
    {
        var store = new InMemoryPaymentStore();
        var (created, _) = await store.TryCreateAsync(Record("k1", PaymentStatus.Processing), None);
        await store.TryUpdateAsync(created with { Status = PaymentStatus.Pending }, None);

        var stale = await store.TryUpdateAsync(created with { Status = PaymentStatus.Declined }, None);

        Assert.Null(stale);
        var current = await store.GetAsync("k1", None);
        Assert.Equal(PaymentStatus.Pending, current!.Status);
        Assert.Equal(2, current.Version);
    }

    [Fact]
    public async Task TryUpdateAsync_UnknownKey_ReturnsNull()
    {
        var store = new InMemoryPaymentStore();

        Assert.Null(await store.TryUpdateAsync(Record("ghost", PaymentStatus.Pending) with { Version = 1 }, None));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task ClaimDueAsync_MixedRecords_ClaimsOnlyDueRecordsInRequestedStatuses()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("queued-due", PaymentStatus.Queued, Now.AddSeconds(-1)), None);
        await store.TryCreateAsync(Record("pending-due-now", PaymentStatus.Pending, Now), None);
        await store.TryCreateAsync(Record("queued-future", PaymentStatus.Queued, Now.AddSeconds(1)), None);
        await store.TryCreateAsync(Record("queued-no-due", PaymentStatus.Queued), None);
        await store.TryCreateAsync(Record("failed-due", PaymentStatus.Failed, Now.AddMinutes(-1)), None);
        await store.TryCreateAsync(Record("processing-due", PaymentStatus.Processing, Now.AddMinutes(-1)), None);

        var claimed = await store.ClaimDueAsync(Claim(), None);

        Assert.Equal(["queued-due", "pending-due-now"], claimed.Select(r => r.Key));
    }

    [Fact]
    public async Task ClaimDueAsync_Claimed_SetsLeaseAndBumpsVersion()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("k1", PaymentStatus.Queued, Now), None);

        var claimed = Assert.Single(await store.ClaimDueAsync(Claim(), None));

        Assert.Equal("worker-1", claimed.LeaseOwner);
        Assert.Equal(Now.AddMinutes(2), claimed.LeaseExpiresAt);
        Assert.Equal(2, claimed.Version);
        Assert.Equal(claimed, await store.GetAsync("k1", None));
    }

    [Fact]
    public async Task ClaimDueAsync_LiveLease_IsNotClaimed()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("leased", PaymentStatus.Queued, Now.AddMinutes(-1)) with { LeaseOwner = "worker-2", LeaseExpiresAt = Now.AddMinutes(1) }, None);

        Assert.Empty(await store.ClaimDueAsync(Claim(), None));
    }

    [Fact]
    public async Task ClaimDueAsync_ClaimedTwice_SecondClaimGetsNothing()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("k1", PaymentStatus.Queued, Now), None);
        await store.ClaimDueAsync(Claim(), None);

        Assert.Empty(await store.ClaimDueAsync(Claim() with { Owner = "worker-2" }, None));
    }

    [Fact]
    public async Task ClaimDueAsync_ExpiredLease_IsClaimed()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("k1", PaymentStatus.Queued, Now.AddMinutes(-5)) with { LeaseOwner = "crashed", LeaseExpiresAt = Now.AddSeconds(-1) }, None);

        var claimed = Assert.Single(await store.ClaimDueAsync(Claim(), None));

        Assert.Equal("worker-1", claimed.LeaseOwner);
    }

    [Fact]
    public async Task ClaimDueAsync_LeaseExpiringExactlyNow_IsClaimed()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("k1", PaymentStatus.Queued, Now.AddMinutes(-5)) with { LeaseOwner = "crashed", LeaseExpiresAt = Now }, None);

        Assert.Single(await store.ClaimDueAsync(Claim(), None));
    }

    [Fact]
    public async Task ClaimDueAsync_MoreDueThanMaxCount_ClaimsEarliestDueFirst()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("c", PaymentStatus.Queued, Now.AddSeconds(-10)), None);
        await store.TryCreateAsync(Record("a", PaymentStatus.Queued, Now.AddSeconds(-30)), None);
        await store.TryCreateAsync(Record("d", PaymentStatus.Queued, Now.AddSeconds(-5)), None);
        await store.TryCreateAsync(Record("b", PaymentStatus.Queued, Now.AddSeconds(-20)), None);

        var claimed = await store.ClaimDueAsync(Claim(maxCount: 3), None);

        Assert.Equal(["a", "b", "c"], claimed.Select(r => r.Key));
        Assert.Null((await store.GetAsync("d", None))!.LeaseOwner);
    }

    [Fact]
    public async Task ClaimDueAsync_AfterTimeAdvances_ClaimsRecordThatBecameDue()
    {
        var clock = new FakeTimeProvider(Now);
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("k1", PaymentStatus.Queued, clock.GetUtcNow().AddSeconds(15)), None);
        Assert.Empty(await store.ClaimDueAsync(Claim() with { Now = clock.GetUtcNow() }, None));

        clock.Advance(TimeSpan.FromSeconds(15));

        Assert.Single(await store.ClaimDueAsync(Claim() with { Now = clock.GetUtcNow() }, None));
    }

    [Fact]
    public async Task FindByProviderReferenceAsync_AfterAttemptGetsReference_FindsRecord()
    {
        var store = new InMemoryPaymentStore();
        var (created, _) = await store.TryCreateAsync(Record("k1", PaymentStatus.Processing) with { Attempts = [Attempt("k1", 1, "mpesa", null)] }, None);
        Assert.Null(await store.FindByProviderReferenceAsync("mpesa", "ws_CO_1", None));

        await store.TryUpdateAsync(created with { Status = PaymentStatus.Pending, Attempts = [Attempt("k1", 1, "mpesa", "ws_CO_1")] }, None);

        var found = await store.FindByProviderReferenceAsync("mpesa", "ws_CO_1", None);
        Assert.NotNull(found);
        Assert.Equal("k1", found.Key);
        Assert.Equal(PaymentStatus.Pending, found.Status);
    }

    [Fact]
    public async Task FindByProviderReferenceAsync_SameReferenceOtherProvider_ReturnsNull()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("k1", PaymentStatus.Pending) with { Attempts = [Attempt("k1", 1, "mpesa", "REF1")] }, None);

        Assert.Null(await store.FindByProviderReferenceAsync("airtel", "REF1", None));
    }

    [Fact]
    public async Task FindByProviderReferenceAsync_ReferenceOnCreate_FindsRecord()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("k1", PaymentStatus.Pending) with { Attempts = [Attempt("k1", 1, "mpesa", "REF1"), Attempt("k1", 2, "airtel", "REF2")] }, None);

        Assert.Equal("k1", (await store.FindByProviderReferenceAsync("airtel", "REF2", None))?.Key);
    }

    [Fact]
    public async Task CountByStatusAsync_SeveralRecords_CountsEachStatus()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("a", PaymentStatus.Queued), None);
        await store.TryCreateAsync(Record("b", PaymentStatus.Queued), None);
        await store.TryCreateAsync(Record("c", PaymentStatus.Succeeded), None);

        var counts = await store.CountByStatusAsync(None);

        Assert.Equal(2, counts[PaymentStatus.Queued]);
        Assert.Equal(1, counts[PaymentStatus.Succeeded]);
        Assert.False(counts.ContainsKey(PaymentStatus.Failed));
    }

    [Fact]
    public async Task CountByStatusAsync_EmptyStore_IsEmpty()
    {
        Assert.Empty(await new InMemoryPaymentStore().CountByStatusAsync(None));
    }

    [Fact]
    public async Task ListAsync_StatusFilter_ReturnsOnlyMatchingOrderedByCreation()
    {
        var store = new InMemoryPaymentStore();
        await store.TryCreateAsync(Record("late", PaymentStatus.Queued, createdAt: Now.AddMinutes(2)), None);
        await store.TryCreateAsync(Record("early", PaymentStatus.Queued, createdAt: Now), None);
        await store.TryCreateAsync(Record("other", PaymentStatus.Succeeded, createdAt: Now.AddMinutes(1)), None);

        var list = await store.ListAsync(new PaymentQuery { Statuses = [PaymentStatus.Queued] }, None);

        Assert.Equal(["early", "late"], list.Select(r => r.Key));
    }

    [Fact]
    public async Task ListAsync_NoFilter_ReturnsAllUpToLimit()
    {
        var store = new InMemoryPaymentStore();
        for (var i = 0; i < 5; i++)
        {
            await store.TryCreateAsync(Record($"k{i}", (PaymentStatus)(i % 3), createdAt: Now.AddSeconds(i)), None);
        }

        var list = await store.ListAsync(new PaymentQuery { Limit = 3 }, None);

        Assert.Equal(["k0", "k1", "k2"], list.Select(r => r.Key));
        Assert.Equal(5, (await store.ListAsync(new PaymentQuery(), None)).Count);
    }
}
