using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// The single writer. Every write goes through one channel, read by one loop that owns the only write connection: it takes
/// every pending operation (up to the batch size), runs them in one <c>BEGIN IMMEDIATE</c> transaction, COMMITs, and only
/// then acknowledges each operation. An operation that throws is rolled back alone, the others keep their effects: the
/// transaction is rolled back and run again with a SAVEPOINT around each operation (the store's own outcomes, such as a
/// key that exists or a stale version, are results, not exceptions, so the savepoints are paid only in that rare case). If
/// BEGIN or COMMIT fails, every operation of the batch fails with that error: nothing is acknowledged that was not committed.
/// A payment write inserts its outbox events itself (<see cref="PaymentEventRows.Insert"/>), inside its savepoint when isolated,
/// so an operation rolled back alone takes its events with it.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<WriteOperation> _channel = Channel.CreateUnbounded<WriteOperation>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    private readonly SqliteConnection _connection;
    private readonly int _maxBatchSize;
    private readonly Task _loop;
    private long _committedBatches;
    private long _committedOperations;

    public GroupCommitWriter(SqliteConnection connection, int maxBatchSize)
    {
        _connection = connection;
        _maxBatchSize = maxBatchSize;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets how many batches were committed.</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>Gets how many operations were committed (including those that failed alone inside a committed batch).</summary>
    public long CommittedOperations => Interlocked.Read(ref _committedOperations);

    /// <summary>Gets or sets a hook run after each operation's SQL, inside its savepoint (tests: make one operation fail).</summary>
    internal Action<WriteOperation>? AfterExecute { get; set; }

    /// <summary>Gets or sets a hook run just before COMMIT (tests: make a commit fail).</summary>
    internal Action? BeforeCommit { get; set; }

    /// <summary>Queues an operation.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task<T> Enqueue<T>(WriteOperation<T> operation, CancellationToken cancellationToken)
    {
        operation.ListenTo(cancellationToken);
        ObjectDisposedException.ThrowIf(!_channel.Writer.TryWrite(operation), typeof(SqlitePaymentStore));

        return operation.Task;
    }

    /// <summary>Stops accepting writes, runs the ones already queued, and closes the write connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOperation>(_maxBatchSize);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && reader.TryRead(out var operation))
            {
                if (operation.TryTake())
                {
                    batch.Add(operation);
                }
            }

            if (batch.Count > 0)
            {
                RunBatch(batch);
            }
        }
    }

    private void RunBatch(List<WriteOperation> batch)
    {
        Exception?[] failures;
        try
        {
            failures = Execute(batch, isolate: false) ?? Execute(batch, isolate: true)!;
            BeforeCommit?.Invoke();
            SqliteCommands.ExecutePrepared(_connection, "COMMIT;");
        }
#pragma warning disable CA1031 // A failed BEGIN, savepoint rollback or COMMIT fails every operation of the batch: none was committed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RollBack();
            FailAll(batch, ex);
            return;
        }

        Interlocked.Increment(ref _committedBatches);
        Interlocked.Add(ref _committedOperations, batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Fail(failure);
            }
            else
            {
                batch[i].Complete();
            }
        }
    }

    /// <summary>
    /// Begins the transaction and runs the operations in it. Without <paramref name="isolate"/>, the first operation that throws
    /// rolls the whole transaction back and the result is <see langword="null"/> (run again isolated); with it, each operation runs
    /// inside its own savepoint and its exception is kept, in its place, for its caller alone.
    /// </summary>
    private Exception?[]? Execute(List<WriteOperation> batch, bool isolate)
    {
        SqliteCommands.ExecutePrepared(_connection, "BEGIN IMMEDIATE;");
        var failures = new Exception?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (isolate)
            {
                SqliteCommands.ExecutePrepared(_connection, "SAVEPOINT op;");
            }

            try
            {
                batch[i].Execute(_connection);
                AfterExecute?.Invoke(batch[i]);
            }
#pragma warning disable CA1031 // The operation's own failure is reported to its caller alone.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!isolate)
                {
                    RollBack();
                    return null;
                }

                failures[i] = ex;
                SqliteCommands.ExecutePrepared(_connection, "ROLLBACK TO op;");
            }

            if (isolate)
            {
                SqliteCommands.ExecutePrepared(_connection, "RELEASE op;");
            }
        }

        return failures;
    }

    private void RollBack()
    {
        try
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
            {
                return; // SQLite already rolled the transaction back
            }

            SqliteCommands.Execute(_connection, "ROLLBACK;");
        }
#pragma warning disable CA1031 // SQLite may already have rolled the transaction back; the batch is failed either way.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static void FailAll(List<WriteOperation> batch, Exception exception)
    {
        foreach (var operation in batch)
        {
            operation.Fail(exception);
        }
    }
}
