using System;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>A write to the event outbox's subscriptions, dead letters or events, run by the group-commit writer in its transaction.</summary>
/// <typeparam name="T">The result.</typeparam>
internal sealed class EventOperation<T>(Func<SqliteConnection, T> run) : WriteOperation<T>
{
    public override string? Key => null;

    protected override T Run(SqliteConnection connection) => run(connection);
}
