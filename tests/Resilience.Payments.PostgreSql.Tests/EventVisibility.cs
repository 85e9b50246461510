namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>
/// The store reads an event only once every older transaction on the server has ended. Tests of other classes run at the same
/// time and hold short transactions of their own: a test that must see everything it wrote waits for those to end first.
/// </summary>
internal static class EventVisibility
{
    /// <summary>Waits until every transaction that had started when called has ended (polls; fails after 30 s).</summary>
    public static async Task WaitForOlderTransactionsAsync(PostgreSqlFixture database)
    {
        // xmax: the first transaction id not yet handed out. Once the oldest running transaction is at or above it, every
        // transaction that existed at the call has ended. PostgreSQL has no statement to wait for another transaction: poll.
        var target = (string)(await database.ExecuteScalarAsync("SELECT pg_snapshot_xmax(pg_current_snapshot())::text"))!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(bool)(await database.ExecuteScalarAsync($"SELECT pg_snapshot_xmin(pg_current_snapshot()) >= '{target}'::xid8"))!)
        {
            Assert.True(DateTime.UtcNow < deadline, "Transactions older than the test's writes are still running after 30 s.");
            await Task.Delay(5);
        }
    }
}
