namespace Resilience.Payments.Tests.Storage;

/// <summary>
/// The contract every <see cref="IPaymentStore"/> must meet, as the in-memory store defines it. A store's test class derives
/// from this and supplies <see cref="CreateStoreAsync"/>; each test gets a fresh, empty store. Linked into other test projects
/// (SQLite, PostgreSQL), so it uses only the core library and xunit.
/// </summary>
public abstract partial class PaymentStoreContractTests : IAsyncLifetime
{
    /// <summary>A fixed instant: every timestamp in these tests is derived from it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 7, 24, 6, 0, 0, TimeSpan.Zero);

    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly PaymentInstrument Phone = PaymentInstrument.MobileMoney("0712345678");

    private IPaymentStore? _store;

    /// <summary>Gets the store under test (created before each test).</summary>
    protected IPaymentStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await DisposeStoreAsync(_store);
            _store = null;
        }

        await CleanupAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IPaymentStore> CreateStoreAsync();

    /// <summary>Disposes a store made by <see cref="CreateStoreAsync"/>; by default through <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.</summary>
    /// <param name="store">The store.</param>
    /// <returns>A task.</returns>
    protected virtual async Task DisposeStoreAsync(IPaymentStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Runs after each test, once the store is disposed (for example to delete a database file).</summary>
    /// <returns>A task.</returns>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <summary>A minimal record.</summary>
    /// <param name="key">The key.</param>
    /// <param name="status">The status.</param>
    /// <param name="dueAt">When it is due.</param>
    /// <param name="createdAt">When it was created; <see cref="T0"/> by default.</param>
    /// <returns>The record, version 0.</returns>
    protected static PaymentRecord Record(string key, PaymentStatus status = PaymentStatus.Processing, DateTimeOffset? dueAt = null, DateTimeOffset? createdAt = null) => new()
    {
        Key = key,
        Fingerprint = "F-" + key,
        Request = new PaymentRequest { IdempotencyKey = key, Amount = Money.Kes(100m), Instruments = [Phone] },
        Status = status,
        CreatedAt = createdAt ?? T0,
        UpdatedAt = createdAt ?? T0,
        DueAt = dueAt,
    };

    /// <summary>A record with every field set: each instrument kind, metadata, and attempts with every field.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The record, version 0.</returns>
    protected static PaymentRecord FullRecord(string key)
    {
        var mpesa = PaymentInstrument.MobileMoney("0712345678");
        var airtel = PaymentInstrument.MobileMoney("0733123456");
        var card = PaymentInstrument.Card("AUTH_8dfk3l2");
        var checkout = PaymentInstrument.Checkout("payer@example.org", "0722000111");
        return new PaymentRecord
        {
            Key = key,
            Fingerprint = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
            Request = new PaymentRequest
            {
                IdempotencyKey = key,
                Amount = new Money(1234.56m, "KES"),
                Instruments = [mpesa, airtel, card, checkout],
                AccountReference = "KCA 123X",
                Description = "Parking — Nairobi CBD ✓",
                Metadata = new Dictionary<string, string> { ["zone"] = "CBD", ["bay"] = "12", ["note"] = "ü \"quoted\"" },
                ExpiresAt = T0.AddHours(1),
                AllowQueue = false,
            },
            Status = PaymentStatus.Pending,
            CreatedAt = T0,
            UpdatedAt = T0.AddSeconds(7),
            DueAt = T0.AddMinutes(1),
            LeaseOwner = "host:1/abc",
            LeaseExpiresAt = T0.AddMinutes(2),
            QueueRounds = 3,
            StatusChecks = 2,
            FailureReason = "No provider could take the payment.",
            Attempts =
            [
                new PaymentAttempt
                {
                    Number = 1,
                    Reference = key + "-1",
                    Provider = "mpesa",
                    Instrument = mpesa,
                    StartedAt = T0.AddMilliseconds(5),
                    CompletedAt = T0.AddMilliseconds(905),
                    Outcome = OutcomeKind.NotProcessed,
                    Source = OutcomeSource.Response,
                    ProviderReference = "ws_CO_240720260600",
                    Code = "503",
                    Reason = "service unavailable",
                },
                new PaymentAttempt
                {
                    Number = 2,
                    Reference = key + "-2",
                    Provider = "paystack",
                    Instrument = card,
                    StartedAt = T0.AddSeconds(1),
                    CompletedAt = T0.AddSeconds(2),
                    Outcome = OutcomeKind.ActionRequired,
                    Source = OutcomeSource.Callback,
                    ProviderReference = "PSK_ref_77",
                    Receipt = "NLJ7RT61SV",
                    Code = "otp",
                    Reason = "payer must confirm",
                    Action = new PaymentAction(PaymentActionKind.Redirect, new Uri("https://pay.example/x?y=1"), "Pay here"),
                },
                new PaymentAttempt
                {
                    Number = 3,
                    Reference = key + "-3",
                    Provider = "pesapal",
                    Instrument = checkout,
                    StartedAt = T0.AddSeconds(3),
                },
                new PaymentAttempt
                {
                    Number = 4,
                    Reference = key + "-4-k2x9m0qa",
                    Provider = "airtel",
                    Instrument = airtel,
                    StartedAt = T0.AddSeconds(4),
                    CompletedAt = T0.AddSeconds(5),
                    Outcome = OutcomeKind.Unknown,
                    Source = OutcomeSource.StatusQuery,
                    Code = "amount-mismatch",
                    Reason = "Money moved that does not match the payment",
                    Mismatch = new AmountMismatch
                    {
                        ReportedAmount = new Money(1.5m, "NGN"),
                        ReportedPayer = "2547****0111",
                        Receipt = "MP210603.1234.L06941",
                        ProviderReference = "AM-77",
                        Source = OutcomeSource.StatusQuery,
                        DetectedAt = T0.AddSeconds(5),
                        Reason = "the provider reported NGN 1.5, in another currency than the payment's KES 1234.56",
                    },
                },
            ],
            ExtraCharges =
            [
                new ExtraCharge { AttemptNumber = 1, Provider = "mpesa", Amount = new Money(1234.56m, "KES"), Receipt = "QGH1ABCDEF", ProviderReference = "ws_CO_240720260600", DetectedAt = T0.AddMinutes(3) },
            ],
        };
    }

    private static PaymentClaim Claim(DateTimeOffset now, int maxCount = 10, string owner = "worker-1", params PaymentStatus[] statuses) => new()
    {
        Statuses = statuses.Length == 0 ? [PaymentStatus.Queued, PaymentStatus.Pending] : statuses,
        Now = now,
        Owner = owner,
        LeaseExpiresAt = now.AddMinutes(2),
        MaxCount = maxCount,
    };

    private static PaymentAttempt Attempt(string key, int number, string provider, string? providerReference) => new()
    {
        Number = number,
        Reference = $"{key}-{number}",
        Provider = provider,
        Instrument = Phone,
        StartedAt = T0,
        ProviderReference = providerReference,
    };

    private static string Document(PaymentRecord record) => PaymentRecordSerializer.Serialize(record with { Version = 0 });

    private async Task<PaymentRecord> CreateAsync(PaymentRecord record)
    {
        var (stored, created) = await Store.TryCreateAsync(record, None);
        Assert.True(created);
        return stored;
    }

    // ---- GetAsync / TryCreateAsync ----

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync("nope", None));
    }

    [Fact]
    public async Task TryCreateAsync_NewKey_ReturnsCreatedWithVersionOne()
    {
        var (stored, created) = await Store.TryCreateAsync(Record("k1"), None);

        Assert.True(created);
        Assert.Equal(1, stored.Version);
        Assert.Equal("k1", stored.Key);
    }

    [Fact]
    public async Task GetAsync_FullRecord_RoundTripsEveryField()
    {
        var record = FullRecord("full-1");

        var (stored, _) = await Store.TryCreateAsync(record, None);
        var read = await Store.GetAsync("full-1", None);

        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal(Document(record), Document(stored));
        Assert.Equal(Document(record), Document(read));
        Assert.Equal(record.Request.Instruments.Select(i => (i.GetType(), i.Kind, i.Masked)), read.Request.Instruments.Select(i => (i.GetType(), i.Kind, i.Masked)));
        Assert.Equal(record.Request.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), read.Request.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(record.Attempts[1].Action, read.Attempts[1].Action);
        Assert.Equal(record.Attempts[3].Mismatch, read.Attempts[3].Mismatch);
        Assert.Equal(record.ExtraCharges, read.ExtraCharges);
    }

    [Fact]
    public async Task TryCreateAsync_DuplicateKey_ReturnsExistingWithoutOverwriting()
    {
        await CreateAsync(Record("k1", PaymentStatus.Processing));

        var (existing, created) = await Store.TryCreateAsync(Record("k1", PaymentStatus.Queued) with { Fingerprint = "other" }, None);

        Assert.False(created);
        Assert.Equal(PaymentStatus.Processing, existing.Status);
        Assert.Equal("F-k1", existing.Fingerprint);
        Assert.Equal(1, existing.Version);
        Assert.Equal("F-k1", (await Store.GetAsync("k1", None))!.Fingerprint);
    }

    [Fact]
    public async Task TryCreateAsync_FiftyConcurrentCallsWithOneKey_ExactlyOneCreates()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(async () => await Store.TryCreateAsync(Record("same") with { Fingerprint = "F-" + i }, None))));

        var winner = Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(winner.Record.Fingerprint, r.Record.Fingerprint));
        Assert.All(results, r => Assert.Equal(1, r.Record.Version));
        Assert.Equal(winner.Record.Fingerprint, (await Store.GetAsync("same", None))!.Fingerprint);
    }

    // ---- TryUpdateAsync ----

    [Fact]
    public async Task TryUpdateAsync_CurrentVersion_StoresChangeWithVersionIncremented()
    {
        var v1 = await CreateAsync(Record("k1"));

        var v2 = await Store.TryUpdateAsync(v1 with { Status = PaymentStatus.Queued, DueAt = T0.AddMinutes(1), QueueRounds = 1 }, None);
        var v3 = await Store.TryUpdateAsync(v2! with { Status = PaymentStatus.Succeeded, DueAt = null }, None);

        Assert.Equal(2, v2!.Version);
        Assert.Equal(3, v3!.Version);
        var read = await Store.GetAsync("k1", None);
        Assert.Equal(3, read!.Version);
        Assert.Equal(PaymentStatus.Succeeded, read.Status);
        Assert.Null(read.DueAt);
        Assert.Equal(1, read.QueueRounds);
    }

    [Fact]
    public async Task TryUpdateAsync_StaleVersion_ReturnsNullAndKeepsStored()
    {
        var v1 = await CreateAsync(Record("k1"));
        await Store.TryUpdateAsync(v1 with { Status = PaymentStatus.Pending }, None);

        var stale = await Store.TryUpdateAsync(v1 with { Status = PaymentStatus.Failed }, None);

        Assert.Null(stale);
        var read = await Store.GetAsync("k1", None);
        Assert.Equal(PaymentStatus.Pending, read!.Status);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task TryUpdateAsync_MissingKey_ReturnsNullAndCreatesNothing()
    {
        var result = await Store.TryUpdateAsync(Record("ghost") with { Version = 1 }, None);

        Assert.Null(result);
        Assert.Null(await Store.GetAsync("ghost", None));
    }

    [Fact]
    public async Task TryUpdateAsync_FiftyConcurrentUpdatesFromOneVersion_ExactlyOneWins()
    {
        var v1 = await CreateAsync(Record("k1"));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(async () => await Store.TryUpdateAsync(v1 with { FailureReason = "writer-" + i }, None))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(2, winner!.Version);
        var read = await Store.GetAsync("k1", None);
        Assert.Equal(winner.FailureReason, read!.FailureReason);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task TryUpdateAsync_FullRecordWithNewAttempt_RoundTripsEveryField()
    {
        var v1 = await CreateAsync(Record("full-2"));
        var full = FullRecord("full-2") with { Version = v1.Version };

        var stored = await Store.TryUpdateAsync(full, None);

        Assert.NotNull(stored);
        Assert.Equal(Document(full), Document(stored));
        Assert.Equal(Document(full), Document((await Store.GetAsync("full-2", None))!));
    }

    // ---- ClaimDueAsync ----

    [Fact]
    public async Task ClaimDueAsync_MixedStatuses_ClaimsOnlyRequestedStatuses()
    {
        await CreateAsync(Record("queued", PaymentStatus.Queued, T0));
        await CreateAsync(Record("pending", PaymentStatus.Pending, T0));
        await CreateAsync(Record("action", PaymentStatus.ActionRequired, T0));
        await CreateAsync(Record("processing", PaymentStatus.Processing, T0));

        var claimed = await Store.ClaimDueAsync(Claim(T0, statuses: [PaymentStatus.Queued, PaymentStatus.ActionRequired]), None);

        Assert.Equal(["action", "queued"], claimed.Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimDueAsync_NotDueOrNoDueTime_ClaimsOnlyDueRecords()
    {
        await CreateAsync(Record("past", PaymentStatus.Queued, T0.AddSeconds(-1)));
        await CreateAsync(Record("exactly-now", PaymentStatus.Queued, T0));
        await CreateAsync(Record("future", PaymentStatus.Queued, T0.AddMilliseconds(1)));
        await CreateAsync(Record("never", PaymentStatus.Queued, dueAt: null));

        var claimed = await Store.ClaimDueAsync(Claim(T0), None);

        Assert.Equal(["exactly-now", "past"], claimed.Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimDueAsync_LiveLease_IsNotClaimed()
    {
        var v1 = await CreateAsync(Record("leased", PaymentStatus.Queued, T0));
        await Store.TryUpdateAsync(v1 with { LeaseOwner = "other", LeaseExpiresAt = T0.AddMilliseconds(1) }, None);

        var claimed = await Store.ClaimDueAsync(Claim(T0), None);

        Assert.Empty(claimed);
        Assert.Equal("other", (await Store.GetAsync("leased", None))!.LeaseOwner);
    }

    [Fact]
    public async Task ClaimDueAsync_ExpiredLease_IsClaimed()
    {
        var a = await CreateAsync(Record("expired", PaymentStatus.Queued, T0.AddMinutes(-5)));
        var b = await CreateAsync(Record("expires-now", PaymentStatus.Queued, T0.AddMinutes(-5)));
        await Store.TryUpdateAsync(a with { LeaseOwner = "crashed", LeaseExpiresAt = T0.AddSeconds(-1) }, None);
        await Store.TryUpdateAsync(b with { LeaseOwner = "crashed", LeaseExpiresAt = T0 }, None);

        var claimed = await Store.ClaimDueAsync(Claim(T0, owner: "worker-2"), None);

        Assert.Equal(["expired", "expires-now"], claimed.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(claimed, r => Assert.Equal("worker-2", r.LeaseOwner));
    }

    [Fact]
    public async Task ClaimDueAsync_OwnerWithoutExpiryOrExpiryWithoutOwner_IsClaimed()
    {
        var a = await CreateAsync(Record("owner-only", PaymentStatus.Queued, T0));
        var b = await CreateAsync(Record("expiry-only", PaymentStatus.Queued, T0));
        await Store.TryUpdateAsync(a with { LeaseOwner = "someone", LeaseExpiresAt = null }, None);
        await Store.TryUpdateAsync(b with { LeaseOwner = null, LeaseExpiresAt = T0.AddHours(1) }, None);

        var claimed = await Store.ClaimDueAsync(Claim(T0), None);

        Assert.Equal(["expiry-only", "owner-only"], claimed.Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimDueAsync_MoreDueThanMaxCount_ClaimsMaxCountEarliestDue()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(Record("k" + i, PaymentStatus.Queued, T0.AddSeconds(-10 + i)));
        }

        var first = await Store.ClaimDueAsync(Claim(T0, maxCount: 3), None);
        var second = await Store.ClaimDueAsync(Claim(T0, maxCount: 3), None);

        Assert.Equal(["k0", "k1", "k2"], first.Select(r => r.Key));
        Assert.Equal(["k3", "k4"], second.Select(r => r.Key));
    }

    [Fact]
    public async Task ClaimDueAsync_SameDueTime_OrdersByDueAtThenCreatedAt()
    {
        await CreateAsync(Record("c-late-due", PaymentStatus.Queued, T0.AddSeconds(-1), createdAt: T0.AddMinutes(-30)));
        await CreateAsync(Record("b-created-later", PaymentStatus.Queued, T0.AddSeconds(-2), createdAt: T0.AddMinutes(-10)));
        await CreateAsync(Record("a-created-first", PaymentStatus.Pending, T0.AddSeconds(-2), createdAt: T0.AddMinutes(-20)));

        var claimed = await Store.ClaimDueAsync(Claim(T0), None);

        Assert.Equal(["a-created-first", "b-created-later", "c-late-due"], claimed.Select(r => r.Key));
    }

    [Fact]
    public async Task ClaimDueAsync_Claimed_WritesLeaseAndBumpsVersion()
    {
        var v1 = await CreateAsync(FullRecord("full-3") with { Status = PaymentStatus.Queued, LeaseOwner = null, LeaseExpiresAt = null, DueAt = T0 });

        var claimed = Assert.Single(await Store.ClaimDueAsync(Claim(T0, owner: "worker-9"), None));

        Assert.Equal(2, claimed.Version);
        Assert.Equal("worker-9", claimed.LeaseOwner);
        Assert.Equal(T0.AddMinutes(2), claimed.LeaseExpiresAt);
        Assert.Equal(Document(v1 with { LeaseOwner = "worker-9", LeaseExpiresAt = T0.AddMinutes(2) }), Document(claimed));
        var read = await Store.GetAsync("full-3", None);
        Assert.Equal(Document(claimed), Document(read!));
        Assert.Equal(2, read!.Version);
        Assert.Null(await Store.TryUpdateAsync(v1 with { Status = PaymentStatus.Failed }, None));
    }

    [Fact]
    public async Task ClaimDueAsync_SecondClaimWhileLeased_ClaimsNothing()
    {
        await CreateAsync(Record("k1", PaymentStatus.Queued, T0));

        var first = await Store.ClaimDueAsync(Claim(T0, owner: "a"), None);
        var second = await Store.ClaimDueAsync(Claim(T0.AddMinutes(1), owner: "b"), None);
        var afterExpiry = await Store.ClaimDueAsync(Claim(T0.AddMinutes(2), owner: "c"), None);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal("c", Assert.Single(afterExpiry).LeaseOwner);
        Assert.Equal(3, afterExpiry[0].Version);
    }

    [Fact]
    public async Task ClaimDueAsync_ConcurrentClaimers_NeverClaimTheSameRecord()
    {
        for (var i = 0; i < 40; i++)
        {
            await CreateAsync(Record("k" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), PaymentStatus.Queued, T0.AddSeconds(-i)));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(w =>
            Task.Run(async () => await Store.ClaimDueAsync(Claim(T0, maxCount: 7, owner: "w" + w), None))));

        var keys = results.SelectMany(r => r.Select(x => x.Key)).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(40, keys.Count);
        foreach (var (claims, w) in results.Select((r, w) => (r, w)))
        {
            foreach (var record in claims)
            {
                var read = await Store.GetAsync(record.Key, None);
                Assert.Equal("w" + w, read!.LeaseOwner);
                Assert.Equal(2, read.Version);
            }
        }
    }

    // ---- FindByProviderReferenceAsync ----

    [Fact]
    public async Task FindByProviderReferenceAsync_ProviderInOtherCase_FindsPayment()
    {
        await CreateAsync(Record("k1") with { Attempts = [Attempt("k1", 1, "Mpesa", "ws_CO_1")] });

        var found = await Store.FindByProviderReferenceAsync("MPESA", "ws_CO_1", None);

        Assert.Equal("k1", found!.Key);
        Assert.Equal("k1", (await Store.FindByProviderReferenceAsync("mpesa", "ws_CO_1", None))!.Key);
    }

    [Fact]
    public async Task FindByProviderReferenceAsync_UnknownReferenceOrProvider_ReturnsNull()
    {
        await CreateAsync(Record("k1") with { Attempts = [Attempt("k1", 1, "mpesa", "ws_CO_1")] });

        Assert.Null(await Store.FindByProviderReferenceAsync("mpesa", "ws_CO_2", None));
        Assert.Null(await Store.FindByProviderReferenceAsync("paystack", "ws_CO_1", None));
        Assert.Null(await Store.FindByProviderReferenceAsync("mpesa", "WS_CO_1", None));
    }

    [Fact]
    public async Task FindByProviderReferenceAsync_ReferenceGainedByUpdate_FindsLatestRecord()
    {
        var v1 = await CreateAsync(Record("k1") with { Attempts = [Attempt("k1", 1, "mpesa", null)] });
        Assert.Null(await Store.FindByProviderReferenceAsync("mpesa", "ws_CO_9", None));

        var v2 = await Store.TryUpdateAsync(v1 with { Status = PaymentStatus.Pending, Attempts = [Attempt("k1", 1, "mpesa", "ws_CO_9")] }, None);
        var v3 = await Store.TryUpdateAsync(v2! with { Attempts = [.. v2!.Attempts, Attempt("k1", 2, "airtel", "AM-77")] }, None);

        var found = await Store.FindByProviderReferenceAsync("mpesa", "ws_CO_9", None);
        Assert.Equal(3, found!.Version);
        Assert.Equal(2, found.Attempts.Count);
        Assert.Equal("k1", (await Store.FindByProviderReferenceAsync("Airtel", "AM-77", None))!.Key);
        Assert.Equal(v3!.Version, found.Version);
    }

    [Fact]
    public async Task FindByProviderReferenceAsync_ReferenceNoLongerHeld_ReturnsNull()
    {
        // The gateway never removes a reference, but a store answers only with a payment that holds the one asked for.
        var v1 = await CreateAsync(Record("k1") with { Attempts = [Attempt("k1", 1, "mpesa", "old-ref"), Attempt("k1", 2, "airtel", "AM-1")] });

        Assert.NotNull(await Store.TryUpdateAsync(v1 with { Attempts = [Attempt("k1", 1, "mpesa", "new-ref")] }, None));

        Assert.Null(await Store.FindByProviderReferenceAsync("mpesa", "old-ref", None));
        Assert.Null(await Store.FindByProviderReferenceAsync("airtel", "AM-1", None));
        Assert.Equal("k1", (await Store.FindByProviderReferenceAsync("mpesa", "new-ref", None))!.Key);
    }

    [Fact]
    public async Task FindByProviderReferenceAsync_TwoPayments_FindsTheRightOne()
    {
        await CreateAsync(Record("k1") with { Attempts = [Attempt("k1", 1, "mpesa", "ref-1")] });
        await CreateAsync(Record("k2") with { Attempts = [Attempt("k2", 1, "mpesa", "ref-2"), Attempt("k2", 2, "paystack", "ref-1")] });

        Assert.Equal("k1", (await Store.FindByProviderReferenceAsync("mpesa", "ref-1", None))!.Key);
        Assert.Equal("k2", (await Store.FindByProviderReferenceAsync("mpesa", "ref-2", None))!.Key);
        Assert.Equal("k2", (await Store.FindByProviderReferenceAsync("paystack", "ref-1", None))!.Key);
    }

    // ---- ListAsync ----

    private async Task SeedListAsync()
    {
        // Created out of key order: the listing orders by creation time, then key.
        await CreateAsync(Record("d", PaymentStatus.Succeeded, createdAt: T0.AddMinutes(1)));
        await CreateAsync(Record("b", PaymentStatus.Queued, T0, createdAt: T0));
        await CreateAsync(Record("a", PaymentStatus.Failed, createdAt: T0.AddMinutes(1)));
        await CreateAsync(Record("c", PaymentStatus.Failed, createdAt: T0.AddMinutes(2)) with { QueueRounds = 4 });
        await CreateAsync(Record("e", PaymentStatus.Queued, T0, createdAt: T0.AddMinutes(3)) with { QueueRounds = 1 });
    }

    [Fact]
    public async Task ListAsync_NoFilter_OrdersByCreatedThenKey()
    {
        await SeedListAsync();

        var all = await Store.ListAsync(new PaymentQuery(), None);

        Assert.Equal(["b", "a", "d", "c", "e"], all.Select(r => r.Key));
        Assert.All(all, r => Assert.Equal(1, r.Version));
    }

    [Fact]
    public async Task ListAsync_StatusFilter_ReturnsOnlyThoseStatuses()
    {
        await SeedListAsync();

        var failed = await Store.ListAsync(new PaymentQuery { Statuses = [PaymentStatus.Failed] }, None);
        var some = await Store.ListAsync(new PaymentQuery { Statuses = [PaymentStatus.Queued, PaymentStatus.Succeeded] }, None);

        Assert.Equal(["a", "c"], failed.Select(r => r.Key));
        Assert.Equal(["b", "d", "e"], some.Select(r => r.Key));
    }

    [Fact]
    public async Task ListAsync_QueuedAtLeastOnce_ReturnsOnlyRecordsWithQueueRounds()
    {
        await SeedListAsync();

        var queued = await Store.ListAsync(new PaymentQuery { QueuedAtLeastOnce = true }, None);
        var deadLetters = await Store.ListAsync(new PaymentQuery { QueuedAtLeastOnce = true, Statuses = [PaymentStatus.Failed] }, None);

        Assert.Equal(["c", "e"], queued.Select(r => r.Key));
        Assert.Equal(["c"], deadLetters.Select(r => r.Key));
    }

    [Fact]
    public async Task ListAsync_AfterKeyAndLimit_PagesThroughEveryRecordOnce()
    {
        await SeedListAsync();

        var pages = new List<string[]>();
        string? after = null;
        while (true)
        {
            var page = await Store.ListAsync(new PaymentQuery { AfterKey = after, Limit = 2 }, None);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page.Select(r => r.Key).ToArray());
            after = page[^1].Key;
        }

        Assert.Equal([["b", "a"], ["d", "c"], ["e"]], pages);
    }

    [Fact]
    public async Task ListAsync_AfterKeyWithStatusFilter_ContinuesAfterCursor()
    {
        await SeedListAsync();

        var page = await Store.ListAsync(new PaymentQuery { AfterKey = "a", Statuses = [PaymentStatus.Failed, PaymentStatus.Queued] }, None);

        Assert.Equal(["c", "e"], page.Select(r => r.Key));
    }

    [Fact]
    public async Task ListAsync_Limit_ReturnsAtMostLimit()
    {
        await SeedListAsync();

        var page = await Store.ListAsync(new PaymentQuery { Limit = 3 }, None);

        Assert.Equal(["b", "a", "d"], page.Select(r => r.Key));
    }

    [Fact]
    public async Task ListAsync_CreatedFromAndBefore_ReturnsOnlyTheWindowIncludingFromExcludingBefore()
    {
        await SeedListAsync();

        var window = await Store.ListAsync(new PaymentQuery { CreatedFrom = T0.AddMinutes(1), CreatedBefore = T0.AddMinutes(3) }, None);
        var from = await Store.ListAsync(new PaymentQuery { CreatedFrom = T0.AddMinutes(2) }, None);
        var before = await Store.ListAsync(new PaymentQuery { CreatedBefore = T0.AddMinutes(1) }, None);
        var failedInWindow = await Store.ListAsync(new PaymentQuery { Statuses = [PaymentStatus.Failed], CreatedFrom = T0.AddMinutes(1).AddTicks(1) }, None);

        Assert.Equal(["a", "d", "c"], window.Select(r => r.Key));
        Assert.Equal(["c", "e"], from.Select(r => r.Key));
        Assert.Equal(["b"], before.Select(r => r.Key));
        Assert.Equal(["c"], failedInWindow.Select(r => r.Key));
    }

    [Fact]
    public async Task ListAsync_CreatedWindowWithAfterKey_PagesWithinTheWindow()
    {
        await SeedListAsync();

        var page = await Store.ListAsync(new PaymentQuery { CreatedFrom = T0.AddMinutes(1), CreatedBefore = T0.AddMinutes(3), AfterKey = "a", Limit = 1 }, None);

        Assert.Equal(["d"], page.Select(r => r.Key));
    }

    // ---- CountByStatusAsync ----

    [Fact]
    public async Task CountByStatusAsync_EmptyStore_ReturnsNoCounts()
    {
        Assert.Empty(await Store.CountByStatusAsync(None));
    }

    [Fact]
    public async Task CountByStatusAsync_AfterWrites_CountsEachPresentStatus()
    {
        await SeedListAsync();
        var d = await Store.GetAsync("d", None);
        await Store.TryUpdateAsync(d! with { Status = PaymentStatus.Failed }, None);

        var counts = await Store.CountByStatusAsync(None);

        Assert.Equal(2, counts.Count);
        Assert.Equal(3, counts[PaymentStatus.Failed]);
        Assert.Equal(2, counts[PaymentStatus.Queued]);
        Assert.False(counts.ContainsKey(PaymentStatus.Succeeded));
    }
}
