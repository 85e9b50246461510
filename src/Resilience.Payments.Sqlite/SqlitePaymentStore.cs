using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Resilience.Payments.Sqlite.Internal;

namespace Resilience.Payments.Sqlite;

/// <summary>
/// The embedded durable <see cref="IPaymentStore"/>: one SQLite file in WAL mode, <c>synchronous=FULL</c> by default.
/// One row per payment (its queried fields as columns, the whole record as the <see cref="PaymentRecordSerializer"/> JSON
/// document), one row per attempt that holds a provider reference and one per refund (the indexes <see cref="IRefundStore"/> reads),
/// written in the same transaction, with the write's events (<see cref="PaymentRecord.NewEvents"/>) in the event outbox
/// (<see cref="IPaymentEventStore"/>). Every write is acknowledged only after its transaction
/// has committed. Writes go through a single writer that commits concurrent writes together (group commit); reads run on
/// their own connections beside it. The schema is created and migrated on open; a database written by a newer version of
/// the library is refused, never downgraded.
/// </summary>
/// <remarks>
/// One store instance per file per process: several processes may open the same file (SQLite locks it), but a second
/// writer waits for the first up to <see cref="SqlitePaymentStoreOptions.BusyTimeout"/>. Times are stored in whole
/// milliseconds (Unix time); due times and lease expiries are compared at that precision.
/// </remarks>
public sealed partial class SqlitePaymentStore : IPaymentStore, IRefundStore, IPaymentEventStore, IAsyncDisposable, IDisposable
{
    /// <summary>The schema version this library writes (kept in <c>PRAGMA user_version</c>).</summary>
    public static int SchemaVersion => SqliteSchema.CurrentVersion;

    private const int SqliteErrorCorrupt = 11; // SQLITE_CORRUPT

    private const int SqliteErrorNotADatabase = 26; // SQLITE_NOTADB

    private readonly ReadConnectionPool _readers;
    private readonly GroupCommitWriter _writer;
    private int _disposed;

    /// <summary>Opens (creating if missing) the database, switches it to WAL, and creates or migrates the schema.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="InvalidOperationException">
    /// The database has a newer schema version than this library knows, or cannot use WAL; or the file is not a SQLite database,
    /// or a damaged one (the message names the file; the <see cref="SqliteException"/> is the inner exception).
    /// </exception>
    /// <exception cref="SqliteException">The file cannot be opened or written.</exception>
    public SqlitePaymentStore(SqlitePaymentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var factory = new SqliteConnectionFactory(options);
        var connection = factory.OpenRaw();
        try
        {
            // Refuse a newer schema before changing anything in the file (even its journal mode).
            SqliteSchema.ThrowIfNewer(SqliteSchema.ReadVersion(connection), factory.DataSource);
            factory.EnableWal(connection);
            factory.Configure(connection);
            SqliteSchema.Migrate(connection, factory.DataSource);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteErrorNotADatabase or SqliteErrorCorrupt)
        {
            connection.Dispose();
            throw factory.Unreadable(ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _readers = new ReadConnectionPool(factory, Math.Max(4, Environment.ProcessorCount));
        _writer = new GroupCommitWriter(connection, options.MaxBatchSize);
    }

    /// <summary>Gets how many write transactions (batches) the writer has committed.</summary>
    internal long CommittedBatches => _writer.CommittedBatches;

    /// <summary>Gets how many write operations those batches held.</summary>
    internal long CommittedOperations => _writer.CommittedOperations;

    /// <summary>Gets the writer, for test hooks.</summary>
    internal GroupCommitWriter Writer => _writer;

    /// <summary>Runs a statement on the write connection, inside a batch (diagnostics and tests: <c>PRAGMA synchronous</c>).</summary>
    internal Task<object?> ExecuteOnWriterAsync(string sql) => _writer.Enqueue(new ScalarOperation(sql), CancellationToken.None);

    /// <summary>Runs a statement on a read connection (diagnostics and tests).</summary>
    internal object? ExecuteOnReader(string sql) => Read(connection => SqliteCommands.Scalar(connection, sql));

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(connection => PaymentRows.ReadDocument(connection, key) is { } document ? PaymentRecordSerializer.Deserialize(document) : null));
    }

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> FindByProviderReferenceAsync(string provider, string providerReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(providerReference);
        cancellationToken.ThrowIfCancellationRequested();
        // payment_attempts is an index of the references attempts hold: a row whose payment no longer holds its reference (the
        // gateway never removes one) is skipped, so the answer always holds the reference.
        const string Sql = """
            SELECT p.document FROM payment_attempts a JOIN payments p ON p."key" = a.payment_key
            WHERE a.provider = $provider COLLATE NOCASE AND a.provider_reference = $reference
            ORDER BY p.updated_at DESC, p.version DESC;
            """;
        return ValueTask.FromResult(Read(connection =>
        {
            using var command = SqliteCommands.Create(connection, Sql, ("$provider", provider), ("$reference", providerReference));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var record = PaymentRecordSerializer.Deserialize(reader.GetString(0));
                if (record.FindAttempt(provider, providerReference) is not null)
                {
                    return record;
                }
            }

            return null;
        }));
    }

    /// <inheritdoc />
    public async ValueTask<(PaymentRecord Record, bool Created)> TryCreateAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = record with { Version = 1, NewEvents = [] };
        var document = PaymentRecordSerializer.Serialize(stored);
        return await _writer.Enqueue(new CreateOperation(record, stored, document), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PaymentRecord?> TryUpdateAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = record with { Version = record.Version + 1, NewEvents = [] };
        var document = PaymentRecordSerializer.Serialize(stored);
        return await _writer.Enqueue(new UpdateOperation(record, stored, document), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentRecord>> ClaimDueAsync(PaymentClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        cancellationToken.ThrowIfCancellationRequested();
        if (claim.MaxCount <= 0 || claim.Statuses.Count == 0)
        {
            return [];
        }

        return await _writer.Enqueue(new ClaimOperation(claim), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentRecord>> ListAsync(PaymentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        if (query.Limit <= 0)
        {
            return ValueTask.FromResult<IReadOnlyList<PaymentRecord>>([]);
        }

        return ValueTask.FromResult(Read<IReadOnlyList<PaymentRecord>>(connection =>
        {
            using var command = connection.CreateCommand();
            var where = new List<string>();
            var statuses = query.Statuses.Distinct().ToArray();
            if (statuses.Length > 0)
            {
                var names = new string[statuses.Length];
                for (var i = 0; i < statuses.Length; i++)
                {
                    names[i] = "$s" + i.ToString(CultureInfo.InvariantCulture);
                    command.Parameters.AddWithValue(names[i], (int)statuses[i]);
                }

                where.Add($"status IN ({string.Join(", ", names)})");
            }

            if (query.QueuedAtLeastOnce)
            {
                where.Add("queue_rounds > 0");
            }

            // Times are whole milliseconds here: "at or after" and "before" a time compare with it rounded up to the millisecond.
            if (query.CreatedFrom is { } from)
            {
                where.Add("created_at >= $created_from");
                command.Parameters.AddWithValue("$created_from", CeilingMilliseconds(from));
            }

            if (query.CreatedBefore is { } before)
            {
                where.Add("created_at < $created_before");
                command.Parameters.AddWithValue("$created_before", CeilingMilliseconds(before));
            }

            if (query.AfterKey is { } after)
            {
                // As the in-memory store: a cursor key that does not exist starts at the beginning.
                where.Add("""
                    (NOT EXISTS (SELECT 1 FROM payments c WHERE c."key" = $after)
                     OR created_at > (SELECT c.created_at FROM payments c WHERE c."key" = $after)
                     OR (created_at = (SELECT c.created_at FROM payments c WHERE c."key" = $after) AND "key" > $after))
                    """);
                command.Parameters.AddWithValue("$after", after);
            }

            command.CommandText = $"""
                SELECT document FROM payments
                {(where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where))}
                ORDER BY created_at, "key"
                LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$limit", query.Limit);
            var records = new List<PaymentRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add(PaymentRecordSerializer.Deserialize(reader.GetString(0)));
            }

            return records;
        }));
    }

    private static long CeilingMilliseconds(DateTimeOffset at)
    {
        var milliseconds = at.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) < at ? milliseconds + 1 : milliseconds;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<PaymentStatus, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read<IReadOnlyDictionary<PaymentStatus, int>>(connection =>
        {
            using var command = SqliteCommands.Create(connection, "SELECT status, COUNT(*) FROM payments GROUP BY status;");
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<PaymentStatus, int>();
            while (reader.Read())
            {
                counts[(PaymentStatus)reader.GetInt32(0)] = reader.GetInt32(1);
            }

            return counts;
        }));
    }

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> FindByRefundKeyAsync(string refundKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refundKey);
        cancellationToken.ThrowIfCancellationRequested();
        const string Sql = """
            SELECT p.document FROM payment_refunds r JOIN payments p ON p."key" = r.payment_key WHERE r.refund_key = $refund_key;
            """;
        return ValueTask.FromResult(Read(connection =>
        {
            var document = SqliteCommands.ScalarPrepared(connection, Sql, ("$refund_key", refundKey)) as string;
            var record = document is null ? null : PaymentRecordSerializer.Deserialize(document);
            return record?.FindRefund(refundKey) is null ? null : record;
        }));
    }

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> FindByRefundReferenceAsync(string provider, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(reference);
        cancellationToken.ThrowIfCancellationRequested();
        const string Sql = """
            SELECT p.document FROM payments p
            WHERE p."key" IN (
                SELECT payment_key FROM payment_refunds WHERE provider = $provider COLLATE NOCASE AND reference = $reference
                UNION ALL
                SELECT payment_key FROM payment_refunds WHERE provider = $provider COLLATE NOCASE AND provider_reference = $reference)
            ORDER BY p.updated_at DESC, p.version DESC
            LIMIT 1;
            """;
        return ValueTask.FromResult(Read(connection =>
            SqliteCommands.ScalarPrepared(connection, Sql, ("$provider", provider), ("$reference", reference)) is string document
                ? PaymentRecordSerializer.Deserialize(document)
                : null));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentRecord>> ListByAccountReferenceAsync(string accountReference, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountReference);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
        {
            return ValueTask.FromResult<IReadOnlyList<PaymentRecord>>([]);
        }

        // Times are whole milliseconds here: "at or after since" is "at or after since rounded up to the millisecond".
        var sinceMilliseconds = since.ToUnixTimeMilliseconds();
        if (DateTimeOffset.FromUnixTimeMilliseconds(sinceMilliseconds) < since)
        {
            sinceMilliseconds++;
        }

        const string Sql = """
            SELECT document FROM payments
            WHERE account_reference = $account_reference AND created_at >= $since
            ORDER BY created_at, "key"
            LIMIT $limit;
            """;
        return ValueTask.FromResult(Read<IReadOnlyList<PaymentRecord>>(connection =>
        {
            using var command = SqliteCommands.Create(connection, Sql, ("$account_reference", accountReference), ("$since", sinceMilliseconds), ("$limit", limit));
            using var reader = command.ExecuteReader();
            var records = new List<PaymentRecord>();
            while (reader.Read())
            {
                records.Add(PaymentRecordSerializer.Deserialize(reader.GetString(0)));
            }

            return records;
        }));
    }

    /// <summary>Stops accepting writes, commits the writes already queued, and closes the database.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        _readers.Dispose();
    }

    /// <summary>Stops accepting writes, commits the writes already queued, and closes the database.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private T Read<T>(Func<SqliteConnection, T> read)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = _readers.Rent();
        try
        {
            var result = read(connection);
            _readers.Return(connection);
            return result;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
