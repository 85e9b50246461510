using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>Runs one SQL statement on the write connection, inside a batch, and returns its first value (diagnostics and tests).</summary>
internal sealed class ScalarOperation(string sql) : WriteOperation<object?>
{
    public override string? Key => null;

    protected override object? Run(SqliteConnection connection) => SqliteCommands.Scalar(connection, sql);
}
