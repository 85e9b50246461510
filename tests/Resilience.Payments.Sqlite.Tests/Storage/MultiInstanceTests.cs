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
}
