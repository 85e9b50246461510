namespace Resilience.Payments.Sqlite;

/// <summary>How hard SQLite works to get a commit onto the disk before it is acknowledged (<c>PRAGMA synchronous</c>, in WAL mode).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// <c>synchronous=FULL</c> (the default): the write-ahead log is flushed to stable storage (fsync) on every commit, before
    /// the write is acknowledged. An acknowledged payment survives a process crash, an operating-system crash and a power loss.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>synchronous=NORMAL</c>: the write-ahead log is flushed only at checkpoints, not on every commit. Faster, and still safe
    /// against a crash of the process (the committed data is in the operating system's file cache), but a power loss or an
    /// operating-system crash can lose the last transactions that were acknowledged before it (never corrupt the database).
    /// Use only where that loss window is acceptable: a lost acknowledged write can mean a payment the application believes
    /// is recorded is not.
    /// </summary>
    Normal = 1,
}
