namespace Resilience.Payments.Sqlite.Tests.Storage;

/// <summary>Visibility and atomicity across connections and across two store instances on one file (as two processes would).</summary>
public sealed class MultiInstanceTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task TryCreateAsync_WhileBatchUncommitted_IsNeitherAcknowledgedNorVisible()
    {
        await using var store = _database.Open();
        using var gate = new WriterGate(store);

        gate.Close(); // the gate row is inserted, its batch not yet committed

        Assert.False(gate.GateWrite.IsCompleted);
        Assert.Null(await store.GetAsync(WriterGate.GateKey, None));
        Assert.Empty(await store.ListAsync(new PaymentQuery(), None));
        gate.Open();
        Assert.True((await gate.GateWrite).Created);
        Assert.NotNull(await store.GetAsync(WriterGate.GateKey, None));
    }

    [Fact]
    public async Task TryUpdateAsync_TwoStoresOnOneFile_ExactlyOneWriterWins()
    {
        await using var a = _database.Open();
        await using var b = _database.Open();
        var (v1, _) = await a.TryCreateAsync(Records.Minimal("k1"), None);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? a : b).TryUpdateAsync(v1 with { FailureReason = "writer-" + i }, None))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner!.FailureReason, (await b.GetAsync("k1", None))!.FailureReason);
        Assert.Equal(2, (await a.GetAsync("k1", None))!.Version);
    }

    [Fact]
    public async Task ClaimDueAsync_TwoStoresOnOneFile_NeverClaimTheSameRecord()
    {
        await using var a = _database.Open();
        await using var b = _database.Open();
        for (var i = 0; i < 30; i++)
        {
            await a.TryCreateAsync(Records.Minimal("q" + i, PaymentStatus.Queued, Records.T0.AddSeconds(-i)), None);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? a : b).ClaimDueAsync(
                new PaymentClaim { Statuses = [PaymentStatus.Queued], Now = Records.T0, Owner = "w" + i, LeaseExpiresAt = Records.T0.AddMinutes(2), MaxCount = 7 },
                None))));

        var keys = claims.SelectMany(c => c.Select(r => r.Key)).ToList();
        Assert.Equal(30, keys.Count);
        Assert.Equal(30, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task TryUpdateAsync_TwoStoresOnOneFileGivingOneRefundKeyToTwoPayments_ExactlyOneIndexesIt()
    {
        await using var a = _database.Open();
        await using var b = _database.Open();
        for (var round = 0; round < 10; round++)
        {
            var (p1, _) = await a.TryCreateAsync(Records.Minimal($"p1-{round}"), None);
            var (p2, _) = await a.TryCreateAsync(Records.Minimal($"p2-{round}"), None);
            var refundKey = "race-" + round;

            var results = await Task.WhenAll(
                Task.Run(async () => await a.TryUpdateAsync(p1 with { Refunds = [Refund(refundKey, p1.Key + "-ref")] }, None)),
                Task.Run(async () => await b.TryUpdateAsync(p2 with { Refunds = [Refund(refundKey, p2.Key + "-ref")] }, None)));

            var winner = Assert.Single(results, r => r is not null)!;
            var loser = winner.Key == p1.Key ? p2 : p1;
            Assert.Equal(winner.Key, (await b.FindByRefundKeyAsync(refundKey, None))?.Key);
            Assert.Empty((await a.GetAsync(loser.Key, None))!.Refunds);
            Assert.Null(await a.FindByRefundReferenceAsync("mpesa", loser.Key + "-ref", None));
        }
    }

    private static PaymentRefund Refund(string key, string reference) => new()
    {
        Key = key,
        Reference = reference,
        AttemptNumber = 1,
        Provider = "mpesa",
        Amount = Money.Kes(50m),
        Status = RefundStatus.Processing,
        CreatedAt = Records.T0,
        UpdatedAt = Records.T0,
    };
}
