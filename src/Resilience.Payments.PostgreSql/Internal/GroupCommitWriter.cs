using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Resilience.Payments.PostgreSql.Internal;

/// <summary>
/// Client-side group commit for the store's writes (creates and compare-and-swap updates). Concurrent writes wait in one
/// queue; up to <see cref="MaxConcurrentBatches"/> drainers each take every waiting write (up to <see cref="MaxBatchSize"/>),
/// send them as one <see cref="NpgsqlBatch"/>, which the server runs as one implicit transaction (one round trip for the
/// statements and the COMMIT, one WAL flush), and acknowledge each write only after the server answered that the transaction
/// committed. A write alone in its batch runs as before: one
/// statement, its own transaction. Writes of one batch are sorted by payment key, so that batches of several instances lock
/// rows in the same order. If the server rejects any statement of a batch (a <see cref="PostgresException"/>: the transaction
/// is rolled back, nothing of it is committed), each write is run again alone in its own transaction, so that one write's
/// error reaches its caller only. Any other failure (connection lost, disposed data source) fails every write of the batch,
/// as it would fail a single statement: nothing is acknowledged that was not committed. A write's outbox events are part of its
/// statement, so they commit with it; the writes of one batch share one transaction id, and <see cref="EventSql"/> explains why
/// each payment's events still keep their order.
/// </summary>
internal sealed class GroupCommitWriter
{
    /// <summary>The most writes sent in one transaction.</summary>
    public const int MaxBatchSize = 64;

    /// <summary>The most batches in flight at once (each on its own pooled connection).</summary>
    public const int MaxConcurrentBatches = 4;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private int _drainers;

    public GroupCommitWriter(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Queues a write; the task completes after its transaction committed, with whether the statement returned a row.</summary>
    public Task<bool> WriteAsync(string key, string sql, Action<NpgsqlParameterCollection> addParameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite(key, sql, addParameters);
        _queue.Enqueue(write);
        TryStartDrainer();
        return write.Completion.Task;
    }

    private void TryStartDrainer()
    {
        if (TryAcquireDrainer())
        {
            _ = Task.Run(DrainAsync);
        }
    }

    private bool TryAcquireDrainer()
    {
        while (true)
        {
            var running = Volatile.Read(ref _drainers);
            if (running >= MaxConcurrentBatches)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _drainers, running + 1, running) == running)
            {
                return true;
            }
        }
    }

    private async Task DrainAsync()
    {
        var batch = new List<PendingWrite>(MaxBatchSize);
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && _queue.TryDequeue(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count == 0)
            {
                Interlocked.Decrement(ref _drainers);

                // A write queued after the last TryDequeue but before the decrement saw no free drainer: take it over.
                if (_queue.IsEmpty || !TryAcquireDrainer())
                {
                    return;
                }

                continue;
            }

            if (batch.Count == 1)
            {
                await RunAloneAsync(batch[0]).ConfigureAwait(false);
            }
            else
            {
                await RunBatchAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAloneAsync(PendingWrite write)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(write.Sql);
            write.AddParameters(command.Parameters);
            bool wrote;
            await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
            {
                wrote = await reader.ReadAsync().ConfigureAwait(false);
            } // disposing consumes the rest, up to the end of the implicit transaction (its COMMIT)

            write.Completion.TrySetResult(wrote);
        }
#pragma warning disable CA1031 // the write's failure goes to its caller, never to the drainer
        catch (Exception ex)
#pragma warning restore CA1031
        {
            write.Completion.TrySetException(ex);
        }
    }

    private async Task RunBatchAsync(List<PendingWrite> batch)
    {
        batch.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key)); // List.Sort is not stable: ties keep no order, none is needed
        var wrote = new bool[batch.Count];
        try
        {
            // No explicit transaction: a batch's statements travel with one Sync, so the server runs them as one implicit
            // transaction and commits it before it answers that Sync. One round trip for the statements and the COMMIT.
            await using var command = _dataSource.CreateBatch();
            foreach (var write in batch)
            {
                var statement = new NpgsqlBatchCommand(write.Sql);
                write.AddParameters(statement.Parameters);
                command.BatchCommands.Add(statement);
            }

            await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    wrote[i] = await reader.ReadAsync().ConfigureAwait(false);
                    await reader.NextResultAsync().ConfigureAwait(false);
                }
            } // disposing reads up to the Sync's answer: the implicit transaction has committed
        }
        catch (PostgresException)
        {
            // The server rejected a statement (or the COMMIT): the transaction is rolled back, none of the batch is committed.
            // Run each write alone, so that only the write at fault fails.
            foreach (var write in batch)
            {
                await RunAloneAsync(write).ConfigureAwait(false);
            }

            return;
        }
#pragma warning disable CA1031 // connection-level failure: every write of the batch fails with it, none is acknowledged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var write in batch)
            {
                write.Completion.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(wrote[i]);
        }
    }

    private sealed class PendingWrite(string key, string sql, Action<NpgsqlParameterCollection> addParameters)
    {
        public string Key { get; } = key;

        public string Sql { get; } = sql;

        public Action<NpgsqlParameterCollection> AddParameters { get; } = addParameters;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
