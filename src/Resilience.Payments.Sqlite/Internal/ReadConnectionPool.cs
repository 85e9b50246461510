using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// Open read connections for reuse. WAL lets any number of readers run beside the single writer, each on its own
/// snapshot; a reader never sees an uncommitted write.
/// </summary>
internal sealed class ReadConnectionPool : IDisposable
{
    private readonly SqliteConnectionFactory _factory;
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private readonly int _maxIdle;
    private int _idleCount;
    private volatile bool _disposed;

    public ReadConnectionPool(SqliteConnectionFactory factory, int maxIdle)
    {
        _factory = factory;
        _maxIdle = maxIdle;
    }

    public SqliteConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, typeof(SqlitePaymentStore));
        if (_idle.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return connection;
        }

        return _factory.Open();
    }

    public void Return(SqliteConnection connection)
    {
        if (_disposed)
        {
            connection.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > _maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
            return;
        }

        _idle.Add(connection);
        if (_disposed)
        {
            Drain();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }
}
