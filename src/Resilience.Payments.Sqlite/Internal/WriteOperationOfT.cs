using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>A write with a result of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The result.</typeparam>
internal abstract class WriteOperation<T> : WriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    /// <summary>Gets the task the caller awaits.</summary>
    public Task<T> Task => _completion.Task;

    /// <inheritdoc />
    public sealed override void Execute(SqliteConnection connection) => _result = Run(connection);

    /// <inheritdoc />
    public sealed override void Complete() => _completion.TrySetResult(_result!);

    /// <inheritdoc />
    public sealed override void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <inheritdoc />
    protected sealed override void SetCancelled(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

    /// <summary>Runs the SQL and returns the result to acknowledge after COMMIT.</summary>
    protected abstract T Run(SqliteConnection connection);
}
