using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite;

/// <summary>Options of <see cref="SqlitePaymentStore"/>.</summary>
public sealed class SqlitePaymentStoreOptions
{
    /// <summary>The largest <see cref="MaxBatchSize"/> accepted.</summary>
    public const int MaxBatchSizeLimit = 10_000;

    /// <summary>
    /// Gets or sets the connection string of the database file, for example <c>Data Source=payments.db</c>. Required.
    /// The file is created if missing. In-memory and read-only databases are not supported: the store is durable or nothing.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets when a commit counts as durable. Default <see cref="SqliteSynchronousMode.Full"/>: every acknowledged write
    /// survives a process crash, an operating-system crash and a power loss. <see cref="SqliteSynchronousMode.Normal"/> (WAL mode)
    /// survives a process crash but can lose the last acknowledged transactions on a power loss or an operating-system crash.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// Gets or sets how long a connection waits for a lock held by another connection or process (<c>PRAGMA busy_timeout</c>)
    /// before the operation fails with "database is locked". Default 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the most writes (creates, updates, claims) committed together in one transaction by the single writer
    /// (group commit). Default 256; between 1 and <see cref="MaxBatchSizeLimit"/>.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Checks the options and throws a clear error naming the first bad option.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    internal void Validate()
    {
        const string Name = nameof(SqlitePaymentStoreOptions);
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException($"{Name}.{nameof(ConnectionString)} is required, for example \"Data Source=payments.db\".", nameof(ConnectionString));
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(ConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ArgumentException($"{Name}.{nameof(ConnectionString)} is not a valid SQLite connection string: {ex.Message}", nameof(ConnectionString), ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException($"{Name}.{nameof(ConnectionString)} names no database file (Data Source); for example \"Data Source=payments.db\".", nameof(ConnectionString));
        }

        if (builder.Mode == SqliteOpenMode.Memory || string.Equals(builder.DataSource.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{Name}.{nameof(ConnectionString)} names an in-memory database; the SQLite payment store needs a file (use InMemoryPaymentStore for tests).", nameof(ConnectionString));
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException($"{Name}.{nameof(ConnectionString)} opens the database read-only (Mode=ReadOnly); the payment store must write.", nameof(ConnectionString));
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentException($"{Name}.{nameof(Synchronous)} must be Full or Normal (was {Synchronous}).", nameof(Synchronous));
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Name}.{nameof(BusyTimeout)} must be between 0 and {int.MaxValue} ms (was {BusyTimeout})."),
                nameof(BusyTimeout));
        }

        if (MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Name}.{nameof(MaxBatchSize)} must be between 1 and {MaxBatchSizeLimit} (was {MaxBatchSize})."),
                nameof(MaxBatchSize));
        }
    }
}
