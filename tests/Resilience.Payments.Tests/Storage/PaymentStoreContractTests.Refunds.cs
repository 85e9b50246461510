namespace Resilience.Payments.Tests.Storage;

/// <summary>
/// The <see cref="IRefundStore"/> part of the store contract: refunds kept inside their payment's record, indexed by key (unique
/// across payments) and by reference, and payments listed by account reference. Every store of the library implements it.
/// </summary>
public abstract partial class PaymentStoreContractTests
{
    /// <summary>Gets the store under test as an <see cref="IRefundStore"/>.</summary>
    protected IRefundStore Refunds => Store as IRefundStore ?? throw new InvalidOperationException($"{Store.GetType().Name} does not implement IRefundStore.");

    /// <summary>A refund with the fields a store indexes, the others at their simplest.</summary>
    /// <param name="key">The refund key.</param>
    /// <param name="reference">The refund's reference.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="providerReference">The provider's reference for it.</param>
    /// <returns>The refund.</returns>
    protected static PaymentRefund Refund(string key, string reference, string provider = "mpesa", string? providerReference = null) => new()
    {
        Key = key,
        Reference = reference,
        AttemptNumber = 1,
        Provider = provider,
        Amount = Money.Kes(40m),
        Status = RefundStatus.Processing,
        CreatedAt = T0.AddMinutes(5),
        UpdatedAt = T0.AddMinutes(5),
        ProviderReference = providerReference,
    };

    /// <summary>A refund with every field set.</summary>
    /// <param name="key">The refund key.</param>
    /// <returns>The refund.</returns>
    protected static PaymentRefund FullRefund(string key) => new()
    {
        Key = key,
        Reference = key + "-r-7hq2x0",
        AttemptNumber = 2,
        Provider = "Paystack",
        Amount = new Money(1234.56m, "KES"),
        Reason = "Permit cancelled — ü \"quoted\"",
        Automatic = true,
        Status = RefundStatus.Unknown,
        CreatedAt = T0.AddMinutes(10),
        UpdatedAt = T0.AddMinutes(11).AddMilliseconds(250),
        SentAt = T0.AddMinutes(10).AddMilliseconds(5),
        LastInFlightAt = T0.AddMinutes(10).AddSeconds(30),
        DueAt = T0.AddMinutes(15),
        Checks = 3,
        ProviderReference = "RF_8812",
        Code = "needs-attention",
        Message = "The refund needs attention",
        Source = OutcomeSource.StatusQuery,
    };

    private static PaymentRecord Charged(string key, string? accountReference = null, DateTimeOffset? createdAt = null) => Record(key, PaymentStatus.Succeeded, createdAt: createdAt) with
    {
        Request = new PaymentRequest { IdempotencyKey = key, Amount = Money.Kes(100m), Instruments = [Phone], AccountReference = accountReference },
        Attempts = [Attempt(key, 1, "mpesa", "ws_" + key) with { Outcome = OutcomeKind.Succeeded }],
    };

    private async Task<PaymentRecord> WithRefundsAsync(PaymentRecord current, params PaymentRefund[] refunds)
    {
        var updated = await Store.TryUpdateAsync(current with { Refunds = [.. current.Refunds, .. refunds] }, None);
        Assert.NotNull(updated);
        return updated;
    }

    // ---- FindByRefundKeyAsync ----

    [Fact]
    public async Task FindByRefundKeyAsync_RefundAddedByUpdate_FindsLatestRecord()
    {
        var v1 = await CreateAsync(Charged("p1"));
        Assert.Null(await Refunds.FindByRefundKeyAsync("rf-1", None));

        var v2 = await WithRefundsAsync(v1, Refund("rf-1", "p1-rf-1"));
        var v3 = await Store.TryUpdateAsync(v2 with { Refunds = [v2.Refunds[0] with { Status = RefundStatus.Succeeded }] }, None);

        var found = await Refunds.FindByRefundKeyAsync("rf-1", None);
        Assert.Equal("p1", found!.Key);
        Assert.Equal(v3!.Version, found.Version);
        Assert.Equal(RefundStatus.Succeeded, found.FindRefund("rf-1")!.Status);
        Assert.Null(await Refunds.FindByRefundKeyAsync("rf-2", None));
        Assert.Null(await Refunds.FindByRefundKeyAsync("RF-1", None));
    }

    [Fact]
    public async Task FindByRefundKeyAsync_RefundInCreatedRecord_FindsPayment()
    {
        await CreateAsync(Charged("p1") with { Refunds = [Refund("rf-1", "p1-rf-1"), Refund("rf-2", "p1-rf-2")] });

        Assert.Equal("p1", (await Refunds.FindByRefundKeyAsync("rf-1", None))!.Key);
        Assert.Equal("p1", (await Refunds.FindByRefundKeyAsync("rf-2", None))!.Key);
    }

    // ---- FindByRefundReferenceAsync ----

    [Fact]
    public async Task FindByRefundReferenceAsync_ReferenceOrProviderReferenceGainedLater_FindsPayment()
    {
        var v1 = await CreateAsync(Charged("p1"));
        var v2 = await WithRefundsAsync(v1, Refund("rf-1", "p1-rf-1", "Paystack"));
        Assert.Null(await Refunds.FindByRefundReferenceAsync("paystack", "RF_77", None));

        var v3 = await Store.TryUpdateAsync(v2 with { Refunds = [v2.Refunds[0] with { ProviderReference = "RF_77", Status = RefundStatus.Pending }] }, None);

        var byReference = await Refunds.FindByRefundReferenceAsync("paystack", "p1-rf-1", None);
        var byProviderReference = await Refunds.FindByRefundReferenceAsync("PAYSTACK", "RF_77", None);
        Assert.Equal("p1", byReference!.Key);
        Assert.Equal(v3!.Version, byReference.Version);
        Assert.Equal("p1", byProviderReference!.Key);
        Assert.Equal(RefundStatus.Pending, byProviderReference.FindRefund("rf-1")!.Status);
        Assert.Equal("p1", (await Refunds.FindByRefundReferenceAsync("Paystack", "p1-rf-1", None))!.Key);
    }

    [Fact]
    public async Task FindByRefundReferenceAsync_UnknownReferenceOtherProviderOrOtherCase_ReturnsNull()
    {
        await CreateAsync(Charged("p1") with { Refunds = [Refund("rf-1", "p1-rf-1", "mpesa", "AG_1")] });

        Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", "p1-rf-2", None));
        Assert.Null(await Refunds.FindByRefundReferenceAsync("paystack", "p1-rf-1", None));
        Assert.Null(await Refunds.FindByRefundReferenceAsync("paystack", "AG_1", None));
        Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", "P1-RF-1", None));
        Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", "ag_1", None));
        Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", "rf-1", None)); // the key is not a reference
    }

    [Fact]
    public async Task FindByRefundReferenceAsync_TwoPayments_FindsTheRightOne()
    {
        await CreateAsync(Charged("p1") with { Refunds = [Refund("rf-1", "ref-1", "mpesa", "AG_1")] });
        await CreateAsync(Charged("p2") with { Refunds = [Refund("rf-2", "ref-2", "mpesa", "AG_2"), Refund("rf-3", "ref-3", "airtel", "ref-1")] });

        Assert.Equal("p1", (await Refunds.FindByRefundReferenceAsync("mpesa", "ref-1", None))!.Key);
        Assert.Equal("p1", (await Refunds.FindByRefundReferenceAsync("mpesa", "AG_1", None))!.Key);
        Assert.Equal("p2", (await Refunds.FindByRefundReferenceAsync("mpesa", "AG_2", None))!.Key);
        Assert.Equal("p2", (await Refunds.FindByRefundReferenceAsync("airtel", "ref-1", None))!.Key);
        Assert.Equal("p2", (await Refunds.FindByRefundReferenceAsync("Airtel", "ref-3", None))!.Key);
    }

    // ---- A refund key is unique across payments ----

    [Fact]
    public async Task TryUpdateAsync_RefundKeyOfAnotherPayment_ReturnsNullAndChangesNothing()
    {
        var p1 = await WithRefundsAsync(await CreateAsync(Charged("p1")), Refund("rf-1", "p1-rf-1", "mpesa", "AG_1"));
        var p2 = await CreateAsync(Charged("p2"));

        var refused = await Store.TryUpdateAsync(p2 with { Status = PaymentStatus.Pending, Refunds = [Refund("rf-2", "p2-rf-2"), Refund("rf-1", "p2-rf-1", "mpesa", "AG_9")] }, None);

        Assert.Null(refused);
        var p2Read = await Store.GetAsync("p2", None);
        Assert.Equal(1, p2Read!.Version);
        Assert.Equal(PaymentStatus.Succeeded, p2Read.Status);
        Assert.Empty(p2Read.Refunds);
        Assert.Equal(Document(p1), Document((await Refunds.FindByRefundKeyAsync("rf-1", None))!));
        Assert.Null(await Refunds.FindByRefundKeyAsync("rf-2", None));                          // nothing of the refused write indexed
        Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", "p2-rf-2", None));
        Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", "AG_9", None));
        Assert.Equal("p1", (await Refunds.FindByRefundReferenceAsync("mpesa", "AG_1", None))!.Key);
        Assert.NotNull(await Store.TryUpdateAsync(p2 with { Refunds = [Refund("rf-2", "p2-rf-2")] }, None)); // its own keys are free
        Assert.Equal("p2", (await Refunds.FindByRefundKeyAsync("rf-2", None))!.Key);
    }

    [Fact]
    public async Task TryCreateAsync_RefundKeyOfAnotherPayment_CreatesNothing()
    {
        var p1 = await CreateAsync(Charged("p1") with { Refunds = [Refund("rf-1", "p1-rf-1")] });

        var (_, created) = await Store.TryCreateAsync(Charged("p2") with { Refunds = [Refund("rf-1", "p2-rf-1")] }, None);

        Assert.False(created);
        Assert.Null(await Store.GetAsync("p2", None));
        Assert.Equal(Document(p1), Document((await Refunds.FindByRefundKeyAsync("rf-1", None))!));
        Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", "p2-rf-1", None));
        var (_, createdWithout) = await Store.TryCreateAsync(Charged("p2"), None);
        Assert.True(createdWithout);
    }

    [Fact]
    public async Task TryUpdateAsync_TwoPaymentsTakingOneRefundKeyAtOnce_ExactlyOneIndexesIt()
    {
        for (var round = 0; round < 10; round++)
        {
            var refundKey = "race-" + round;
            var a = await CreateAsync(Charged($"a{round}"));
            var b = await CreateAsync(Charged($"b{round}"));

            var results = await Task.WhenAll(new[] { a, b }.Select(p =>
                Task.Run(async () => await Store.TryUpdateAsync(p with { Refunds = [Refund(refundKey, p.Key + "-ref", "mpesa", p.Key + "-AG")] }, None))));

            var winner = Assert.Single(results, r => r is not null)!;
            var loser = winner.Key == a.Key ? b : a;
            Assert.Equal(winner.Key, (await Refunds.FindByRefundKeyAsync(refundKey, None))!.Key);
            var loserRead = await Store.GetAsync(loser.Key, None);
            Assert.Equal(1, loserRead!.Version);
            Assert.Empty(loserRead.Refunds);
            Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", loser.Key + "-ref", None));
            Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", loser.Key + "-AG", None));
        }
    }

    // ---- Refunds in the record ----

    [Fact]
    public async Task GetAsync_RecordWithRefunds_RoundTripsEveryRefundField()
    {
        var full = FullRefund("rf-full");
        var record = FullRecord("full-r") with { Refunds = [Refund("rf-plain", "full-r-rf-plain"), full] };

        var (stored, _) = await Store.TryCreateAsync(record, None);
        var read = await Store.GetAsync("full-r", None);

        Assert.Equal(Document(record), Document(stored));
        Assert.Equal(Document(record), Document(read!));
        Assert.Equal(record.Refunds, read!.Refunds);
        Assert.Equal(full, read.FindRefund("rf-full"));
        var updated = await Store.TryUpdateAsync(read with { Refunds = [.. read.Refunds, FullRefund("rf-full-2")] }, None);
        Assert.Equal(Document(updated!), Document((await Refunds.FindByRefundKeyAsync("rf-full-2", None))!));
        Assert.Equal([.. record.Refunds, FullRefund("rf-full-2")], (await Store.GetAsync("full-r", None))!.Refunds);
    }

    [Fact]
    public async Task TryUpdateAsync_ConcurrentUpdatesAddingRefundsToOnePayment_ExactlyOneWinsPerVersion()
    {
        var current = await CreateAsync(Charged("p1"));

        for (var version = 1; version <= 3; version++)
        {
            var start = current;
            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
                Task.Run(async () => await Store.TryUpdateAsync(start with { Refunds = [.. start.Refunds, Refund($"v{version}-w{i}", $"p1-v{version}-w{i}")] }, None))));

            var winner = Assert.Single(results, r => r is not null)!;
            Assert.Equal(version + 1, winner.Version);
            Assert.Equal(version, winner.Refunds.Count);
            current = (await Store.GetAsync("p1", None))!;
            Assert.Equal(Document(winner), Document(current));
            var newKey = winner.Refunds[^1].Key;
            Assert.Equal("p1", (await Refunds.FindByRefundKeyAsync(newKey, None))!.Key);
            foreach (var loser in Enumerable.Range(0, 20).Select(i => $"v{version}-w{i}").Where(k => k != newKey))
            {
                Assert.Null(await Refunds.FindByRefundKeyAsync(loser, None));
                Assert.Null(await Refunds.FindByRefundReferenceAsync("mpesa", "p1-" + loser, None));
            }
        }

        // The losers' keys were never indexed: another payment may take one.
        var loserKey = current.Refunds.Select(r => r.Key).Contains("v1-w0", StringComparer.Ordinal) ? "v1-w1" : "v1-w0";
        var other = await CreateAsync(Charged("p2"));
        Assert.NotNull(await Store.TryUpdateAsync(other with { Refunds = [Refund(loserKey, "p2-" + loserKey)] }, None));
        Assert.Equal("p2", (await Refunds.FindByRefundKeyAsync(loserKey, None))!.Key);
    }

    // ---- ListByAccountReferenceAsync ----

    private async Task SeedAccountsAsync()
    {
        await CreateAsync(Charged("before", "KCA 123X", T0.AddMinutes(-1)));
        await CreateAsync(Charged("d-at-since", "KCA 123X", T0));
        await CreateAsync(Charged("b-later", "KCA 123X", T0.AddMinutes(2)));
        await CreateAsync(Charged("a-later", "KCA 123X", T0.AddMinutes(2)));
        await CreateAsync(Charged("c-last", "KCA 123X", T0.AddMinutes(3)));
        await CreateAsync(Charged("lower", "kca 123x", T0.AddMinutes(1)));
        await CreateAsync(Charged("prefix", "KCA 123", T0.AddMinutes(1)));
        await CreateAsync(Charged("spaced", "KCA 123X ", T0.AddMinutes(1)));
        await CreateAsync(Charged("none", null, T0.AddMinutes(1)));
    }

    [Fact]
    public async Task ListByAccountReferenceAsync_Since_ReturnsExactMatchesCreatedAtOrAfterOldestFirst()
    {
        await SeedAccountsAsync();

        var listed = await Refunds.ListByAccountReferenceAsync("KCA 123X", T0, 10, None);

        Assert.Equal(["d-at-since", "a-later", "b-later", "c-last"], listed.Select(r => r.Key));
        Assert.All(listed, r => Assert.Equal("KCA 123X", r.Request.AccountReference));
        Assert.Equal(["before", "d-at-since", "a-later", "b-later", "c-last"], (await Refunds.ListByAccountReferenceAsync("KCA 123X", T0.AddHours(-1), 10, None)).Select(r => r.Key));
        Assert.Equal(["a-later", "b-later", "c-last"], (await Refunds.ListByAccountReferenceAsync("KCA 123X", T0.AddMilliseconds(1), 10, None)).Select(r => r.Key));
        Assert.Empty(await Refunds.ListByAccountReferenceAsync("KCA 123X", T0.AddMinutes(4), 10, None));
    }

    [Fact]
    public async Task ListByAccountReferenceAsync_Limit_ReturnsTheOldestUpToLimit()
    {
        await SeedAccountsAsync();

        Assert.Equal(["before", "d-at-since"], (await Refunds.ListByAccountReferenceAsync("KCA 123X", T0.AddDays(-1), 2, None)).Select(r => r.Key));
        Assert.Equal(["d-at-since", "a-later", "b-later"], (await Refunds.ListByAccountReferenceAsync("KCA 123X", T0, 3, None)).Select(r => r.Key));
        Assert.Empty(await Refunds.ListByAccountReferenceAsync("KCA 123X", T0, 0, None));
    }

    [Fact]
    public async Task ListByAccountReferenceAsync_OtherCaseOrPrefixOrUnknown_MatchesExactlyOnly()
    {
        await SeedAccountsAsync();

        Assert.Equal(["lower"], (await Refunds.ListByAccountReferenceAsync("kca 123x", T0, 10, None)).Select(r => r.Key));
        Assert.Equal(["prefix"], (await Refunds.ListByAccountReferenceAsync("KCA 123", T0, 10, None)).Select(r => r.Key));
        Assert.Equal(["spaced"], (await Refunds.ListByAccountReferenceAsync("KCA 123X ", T0, 10, None)).Select(r => r.Key));
        Assert.Empty(await Refunds.ListByAccountReferenceAsync("KCA 999Z", T0.AddDays(-1), 10, None));
        Assert.Empty(await Refunds.ListByAccountReferenceAsync("", T0.AddDays(-1), 10, None));
    }

    [Fact]
    public async Task ListByAccountReferenceAsync_AfterUpdates_ReturnsTheLatestVersions()
    {
        var v1 = await CreateAsync(Charged("p1", "KCA 123X", T0));
        await WithRefundsAsync(v1, Refund("rf-1", "p1-rf-1"));

        var listed = Assert.Single(await Refunds.ListByAccountReferenceAsync("KCA 123X", T0, 10, None));

        Assert.Equal(2, listed.Version);
        Assert.Equal("rf-1", Assert.Single(listed.Refunds).Key);
    }
}
