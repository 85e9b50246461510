using System;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// One write waiting for the group-commit writer. Its caller's token cancels it only while it waits in the channel:
/// once <see cref="TryTake"/> has taken it into a batch it runs to completion and is acknowledged only after COMMIT.
/// </summary>
internal abstract class WriteOperation
{
    private const int Waiting = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int _state;
    private CancellationTokenRegistration _registration;

    /// <summary>Gets the key of the payment written, when there is one (for diagnostics and test hooks).</summary>
    public abstract string? Key { get; }

    /// <summary>Starts listening to the caller's token. Call before the operation is queued.</summary>
    public void ListenTo(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static (state, token) => ((WriteOperation)state!).OnCancelled(token), this);
        }
    }

    /// <summary>Takes the operation into a batch, unless it was cancelled first.</summary>
    /// <returns><see langword="true"/> when the writer now owns it.</returns>
    public bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Waiting) != Waiting)
        {
            return false;
        }

        _registration.Dispose();
        return true;
    }

    /// <summary>Runs the operation's SQL inside the batch's transaction, computing its result.</summary>
    public abstract void Execute(SqliteConnection connection);

    /// <summary>Acknowledges the operation with its result; only after COMMIT returned.</summary>
    public abstract void Complete();

    /// <summary>Fails the operation.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Cancels the operation's task.</summary>
    protected abstract void SetCancelled(CancellationToken cancellationToken);

    private void OnCancelled(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting)
        {
            SetCancelled(cancellationToken);
        }
    }
}
