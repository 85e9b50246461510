using System.Globalization;
using System.IO;

namespace Resilience.Payments.Sqlite.Tests.Storage;

public sealed class GroupCommitTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static string Key(int i) => "k" + i.ToString("D3", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TryCreateAsync_200ConcurrentCalls_CommitInFewerTransactionsAndSurviveReopen()
    {
        await using (var store = _database.Open())
        {
            using var gate = new WriterGate(store);
            gate.Close();
            var before = store.CommittedBatches;

            var writes = Enumerable.Range(0, 200).Select(i => store.TryCreateAsync(Records.Minimal(Key(i)), None).AsTask()).ToArray();
            gate.Open();
            var results = await Task.WhenAll(writes);
            await gate.GateWrite;

            Assert.All(results, r => Assert.True(r.Created));
            Assert.Equal(2, store.CommittedBatches - before); // the gate's batch, then one batch of all 200
            Assert.True(store.CommittedBatches < 200);
        }

        await using var reopened = _database.Open();
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(1, (await reopened.GetAsync(Key(i), None))!.Version);
        }

        Assert.Equal(201, (await reopened.CountByStatusAsync(None))[PaymentStatus.Processing]);
    }

    [Fact]
    public async Task TryCreateAsync_MoreCallsThanMaxBatchSize_SplitsIntoBatchesOfAtMostMaxBatchSize()
    {
        await using var store = _database.Open(maxBatchSize: 16);
        using var gate = new WriterGate(store);
        gate.Close();
        var batchesBefore = store.CommittedBatches;
        var operationsBefore = store.CommittedOperations;

        var writes = Enumerable.Range(0, 200).Select(i => store.TryCreateAsync(Records.Minimal(Key(i)), None).AsTask()).ToArray();
        gate.Open();
        await Task.WhenAll(writes);
        await gate.GateWrite;

        Assert.Equal(1 + 13, store.CommittedBatches - batchesBefore); // the gate's batch, then ceil(200 / 16)
        Assert.Equal(201, store.CommittedOperations - operationsBefore);
    }

    [Fact]
    public async Task Batch_OneOperationThrows_OnlyThatOperationFailsAndIsRolledBack()
    {
        await using (var store = _database.Open())
        {
            using var gate = new WriterGate(store, operation =>
            {
                if (operation.Key == "poison")
                {
                    throw new InvalidDataException("simulated failure after the poison row was written");
                }
            });
            gate.Close();
            var before = store.CommittedBatches;

            var first = store.TryCreateAsync(Records.Minimal("a"), None).AsTask();
            var poison = store.TryCreateAsync(Records.Minimal("poison"), None).AsTask();
            var last = store.TryCreateAsync(Records.Minimal("b") with { Attempts = [Records.Attempt("b", 1, "mpesa", "R-b")] }, None).AsTask();
            gate.Open();

            Assert.True((await first).Created);
            Assert.True((await last).Created);
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => poison);
            Assert.Contains("simulated", error.Message, StringComparison.Ordinal);
            await gate.GateWrite;
            Assert.Equal(2, store.CommittedBatches - before); // the gate's batch, then all three in one batch
        }

        await using var reopened = _database.Open();
        Assert.NotNull(await reopened.GetAsync("a", None));
        Assert.NotNull(await reopened.GetAsync("b", None));
        Assert.Null(await reopened.GetAsync("poison", None));
        Assert.Equal("b", (await reopened.FindByProviderReferenceAsync("mpesa", "R-b", None))!.Key);
    }

    [Fact]
    public async Task Batch_StaleUpdateBesideOthers_ReturnsNullWithoutAffectingThem()
    {
        await using var store = _database.Open();
        var (k1, _) = await store.TryCreateAsync(Records.Minimal("k1"), None);
        using var gate = new WriterGate(store);
        gate.Close();

        var winner = store.TryUpdateAsync(k1 with { Status = PaymentStatus.Pending }, None).AsTask();
        var loser = store.TryUpdateAsync(k1 with { Status = PaymentStatus.Failed }, None).AsTask();
        var other = store.TryCreateAsync(Records.Minimal("k2"), None).AsTask();
        gate.Open();

        Assert.Equal(2, (await winner)!.Version);
        Assert.Null(await loser);
        Assert.True((await other).Created);
        Assert.Equal(PaymentStatus.Pending, (await store.GetAsync("k1", None))!.Status);
    }

    [Fact]
    public async Task Batch_CommitFails_EveryOperationOfTheBatchFailsAndNothingIsStored()
    {
        await using var store = _database.Open();
        var armed = 0;
        using var gate = new WriterGate(store, operation =>
        {
            if (operation.Key is { } key && key.StartsWith("doomed", StringComparison.Ordinal))
            {
                Volatile.Write(ref armed, 1);
            }
        });
        store.Writer.BeforeCommit = () =>
        {
            if (Interlocked.Exchange(ref armed, 0) == 1)
            {
                throw new IOException("simulated COMMIT failure");
            }
        };
        gate.Close();

        var writes = Enumerable.Range(0, 3).Select(i => store.TryCreateAsync(Records.Minimal("doomed" + i), None).AsTask()).ToArray();
        gate.Open();

        foreach (var write in writes)
        {
            var error = await Assert.ThrowsAsync<IOException>(() => write);
            Assert.Equal("simulated COMMIT failure", error.Message);
        }

        await gate.GateWrite;
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await store.GetAsync("doomed" + i, None));
        }

        Assert.True((await store.TryCreateAsync(Records.Minimal("after"), None)).Created); // the writer carries on
        Assert.NotNull(await store.GetAsync("after", None));
    }

    [Fact]
    public async Task TryCreateAsync_CancelledWhileQueued_IsCancelledAndNotWritten()
    {
        await using var store = _database.Open();
        using var gate = new WriterGate(store);
        gate.Close();
        using var cts = new CancellationTokenSource();

        var cancelled = store.TryCreateAsync(Records.Minimal("cancelled"), cts.Token).AsTask();
        var kept = store.TryCreateAsync(Records.Minimal("kept"), None).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.Open();
        Assert.True((await kept).Created);
        await gate.GateWrite;
        Assert.Null(await store.GetAsync("cancelled", None));
    }

    [Fact]
    public async Task TryCreateAsync_CancelledAfterTakenIntoBatch_RunsToCompletion()
    {
        await using var store = _database.Open();
        using var cts = new CancellationTokenSource();
        store.Writer.AfterExecute = operation =>
        {
            if (operation.Key == "k1")
            {
                cts.Cancel();
            }
        };

        var (record, created) = await store.TryCreateAsync(Records.Minimal("k1"), cts.Token);

        Assert.True(created);
        Assert.Equal(1, record.Version);
        Assert.NotNull(await store.GetAsync("k1", None));
    }

    [Fact]
    public async Task TryCreateAsync_AlreadyCancelledToken_ThrowsWithoutWriting()
    {
        await using var store = _database.Open();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.TryCreateAsync(Records.Minimal("k1"), new CancellationToken(canceled: true)).AsTask());

        Assert.Null(await store.GetAsync("k1", None));
    }

    [Fact]
    public async Task DisposeAsync_WithWritesQueued_CommitsThemBeforeClosing()
    {
        Task<(PaymentRecord Record, bool Created)>[] writes;
        await using (var store = _database.Open())
        {
            using var gate = new WriterGate(store);
            gate.Close();
            writes = Enumerable.Range(0, 10).Select(i => store.TryCreateAsync(Records.Minimal(Key(i)), None).AsTask()).ToArray();
            gate.Open();
        }

        Assert.All(await Task.WhenAll(writes), r => Assert.True(r.Created));
        await using var reopened = _database.Open();
        Assert.Equal(11, (await reopened.CountByStatusAsync(None))[PaymentStatus.Processing]);
    }
}
