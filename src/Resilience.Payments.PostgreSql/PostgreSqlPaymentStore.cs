using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using Resilience.Payments.PostgreSql.Internal;
using static Resilience.Payments.PostgreSql.Internal.PaymentRows;

namespace Resilience.Payments.PostgreSql;

/// <summary>
/// The payment store for several application instances sharing one PostgreSQL database. Every method is one
/// statement, committed durably before it returns: creates use <c>INSERT ... ON CONFLICT DO NOTHING</c>,
/// updates compare and swap on the version column, and claims lease due payments with <c>FOR UPDATE SKIP LOCKED</c>,
/// so instances never claim the same payment while a lease is live and take over the payments of an instance that died
/// once its leases expire. The schema is created and migrated on first use (safe when several instances start at once).
/// Each payment is one row of <c>payments</c> (the <see cref="PaymentRecordSerializer"/> document plus the queried fields
/// as columns), one row of <c>payment_attempts</c> per attempt that holds a provider reference (the index
/// <see cref="FindByProviderReferenceAsync"/> reads) and one row of <c>payment_refunds</c> per refund (the index of refund keys,
/// unique across payments, and references that <see cref="IRefundStore"/> reads), written in the same statement, with the
/// write's events (<see cref="PaymentRecord.NewEvents"/>) in the event outbox (<see cref="IPaymentEventStore"/>).
/// Concurrent writes (creates and updates) are group-committed: those waiting at the same time are sent as one batch in one
/// transaction (one round trip, one WAL flush) and each is acknowledged only after that transaction committed; a batch the
/// server rejects is rolled back and its writes run again one by one, so that an error reaches only the write at fault.
/// A store created from <see cref="PostgreSqlPaymentStoreOptions"/> turns on Npgsql's automatic preparation
/// (<c>Max Auto Prepare=20</c>) unless the connection string sets it; over a data source of your own, set it there.
/// </summary>
public sealed partial class PostgreSqlPaymentStore : IPaymentStore, IRefundStore, IPaymentEventStore, IAsyncDisposable, IDisposable
{
    private const int AutoPreparedStatements = 20;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _schema;
    private readonly StoreSql _sql;
    private readonly EventSql _eventSql;
    private readonly GroupCommitWriter _writer;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private readonly SemaphoreSlim _listenGate = new(1, 1);
    private volatile bool _migrated;
    private NpgsqlConnection? _listener;
    private volatile bool _notified;
    private bool _disposed;

    /// <summary>Creates a store that opens its own connections from <paramref name="options"/>; disposing the store closes them.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names the option.</exception>
    public PostgreSqlPaymentStore(PostgreSqlPaymentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (connection.MaxAutoPrepare == 0)
        {
            // The writes are long CTEs: unprepared, the server parses and plans each one again (most of its CPU per payment).
            connection.MaxAutoPrepare = AutoPreparedStatements;
        }

        _dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
        _ownsDataSource = true;
        _schema = options.Schema;
        _sql = new StoreSql(_schema);
        _eventSql = new EventSql(_schema);
        _writer = new GroupCommitWriter(_dataSource);
    }

    /// <summary>Creates a store over a data source the caller owns, in the <see cref="PostgreSqlPaymentStoreOptions.DefaultSchema"/> schema.</summary>
    /// <param name="dataSource">The data source; not disposed by the store.</param>
    public PostgreSqlPaymentStore(NpgsqlDataSource dataSource)
        : this(dataSource, PostgreSqlPaymentStoreOptions.DefaultSchema)
    {
    }

    /// <summary>Creates a store over a data source the caller owns.</summary>
    /// <param name="dataSource">The data source; not disposed by the store.</param>
    /// <param name="schema">The schema that holds the store's tables (see <see cref="PostgreSqlPaymentStoreOptions.Schema"/>).</param>
    /// <exception cref="ArgumentException">The schema is not a plain identifier.</exception>
    public PostgreSqlPaymentStore(NpgsqlDataSource dataSource, string schema)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (PostgreSqlPaymentStoreOptions.SchemaError(schema) is { } error)
        {
            throw new ArgumentException("PostgreSqlPaymentStoreOptions.Schema: " + error, nameof(schema));
        }

        _dataSource = dataSource;
        _schema = schema;
        _sql = new StoreSql(schema);
        _eventSql = new EventSql(schema);
        _writer = new GroupCommitWriter(_dataSource);
    }

    /// <summary>Gets the newest schema version this library creates and reads.</summary>
    public static int SchemaVersion => SchemaMigrator.LatestVersion;

    /// <summary>Gets the schema that holds the store's tables.</summary>
    public string Schema => _schema;

    /// <summary>
    /// Creates or migrates the schema now (otherwise the first operation does it). Safe to run from several instances at once.
    /// </summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task that completes when the schema is at <see cref="SchemaVersion"/>.</returns>
    /// <exception cref="InvalidOperationException">The database's schema version is newer than this library knows.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated)
        {
            return;
        }

        await _migrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await SchemaMigrator.MigrateAsync(_dataSource, _schema, cancellationToken).ConfigureAwait(false);
                _migrated = true;
            }
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<PaymentRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.Get);
        command.Parameters.Add(Text("key", key));
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PaymentRecord?> FindByProviderReferenceAsync(string provider, string providerReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(providerReference);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.FindByProviderReference);
        command.Parameters.Add(Text("provider", provider));
        command.Parameters.Add(Text("provider_reference", providerReference));

        // payment_attempts indexes the references attempts hold (only those that hold one have a row): a row whose payment no
        // longer holds its reference (never the gateway's doing) is skipped, so the answer always holds the reference.
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = ReadRecord(reader);
            if (record.FindAttempt(provider, providerReference) is not null)
            {
                return record;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async ValueTask<(PaymentRecord Record, bool Created)> TryCreateAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var stored = Normalize(record with { Version = 1, NewEvents = [] });
        var document = PaymentRecordSerializer.Serialize(stored);
        var rows = IndexRowsOf(stored);
        var events = record.NewEvents;
        var sql = _sql.Create(MakesDueNow(stored), rows, events.Count > 0);
        while (true)
        {
            if (await WriteAsync(stored.Key, sql, p => AddWriteParameters(p, stored, document, rows, _schema, events), cancellationToken).ConfigureAwait(false))
            {
                return (stored, true);
            }

            // The key exists (ON CONFLICT waited for its writer to commit): return the stored record.
            if (await GetAsync(record.Key, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return (existing, false);
            }

            if (rows == IndexRows.AttemptsAndRefunds)
            {
                return (record, false); // a refund key of the record is another payment's: nothing written (as the in-memory store)
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<PaymentRecord?> TryUpdateAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var stored = Normalize(record with { Version = record.Version + 1, NewEvents = [] });
        var document = PaymentRecordSerializer.Serialize(stored);
        var expectedVersion = record.Version;
        var rows = IndexRowsOf(stored);
        var events = record.NewEvents;
        var wrote = await WriteAsync(
            stored.Key,
            _sql.Update(MakesDueNow(stored), rows, events.Count > 0),
            p =>
            {
                AddWriteParameters(p, stored, document, rows, _schema, events);
                p.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint) { TypedValue = expectedVersion });
            },
            cancellationToken).ConfigureAwait(false);
        return wrote ? stored : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentRecord>> ClaimDueAsync(PaymentClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.MaxCount <= 0 || claim.Statuses.Count == 0)
        {
            return [];
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.ClaimDue);
        command.Parameters.Add(Text("owner", claim.Owner));
        command.Parameters.Add(Timestamp("lease_expires_at", claim.LeaseExpiresAt));
        command.Parameters.Add(Timestamp("now", claim.Now));
        command.Parameters.Add(Statuses(claim.Statuses));
        command.Parameters.Add(new NpgsqlParameter<int>("max_count", NpgsqlDbType.Integer) { TypedValue = claim.MaxCount });
        var claimed = new List<(PaymentRecord Record, DateTimeOffset CreatedAt)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add((ReadRecord(reader), reader.GetFieldValue<DateTimeOffset>(7)));
            }
        }

        // RETURNING has no order: give the claim order (due time, then creation time).
        return claimed.OrderBy(c => c.Record.DueAt).ThenBy(c => c.CreatedAt).Select(c => c.Record).ToList();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentRecord>> ListAsync(PaymentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0)
        {
            return [];
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.List);
        command.Parameters.Add(new NpgsqlParameter<bool>("all_statuses", NpgsqlDbType.Boolean) { TypedValue = query.Statuses.Count == 0 });
        command.Parameters.Add(Statuses(query.Statuses));
        command.Parameters.Add(new NpgsqlParameter<bool>("queued_at_least_once", NpgsqlDbType.Boolean) { TypedValue = query.QueuedAtLeastOnce });
        command.Parameters.Add(Timestamp("created_from", CeilingMicrosecond(query.CreatedFrom)));
        command.Parameters.Add(Timestamp("created_before", CeilingMicrosecond(query.CreatedBefore)));
        command.Parameters.Add(Text("after_key", query.AfterKey));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.Limit });
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    // PostgreSQL keeps whole microseconds: "at or after" and "before" a time compare with it rounded up to the microsecond.
    private static DateTimeOffset? CeilingMicrosecond(DateTimeOffset? at) =>
        at is { } value && value.UtcTicks % 10 != 0 ? value.AddTicks(10 - (value.UtcTicks % 10)) : at;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<PaymentStatus, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.CountByStatus);
        var counts = new Dictionary<PaymentStatus, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[(PaymentStatus)reader.GetInt16(0)] = checked((int)reader.GetInt64(1));
        }

        return counts;
    }

    /// <inheritdoc />
    public async ValueTask<PaymentRecord?> FindByRefundKeyAsync(string refundKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refundKey);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.FindByRefundKey);
        command.Parameters.Add(Text("refund_key", refundKey));
        var record = await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
        return record?.FindRefund(refundKey) is null ? null : record;
    }

    /// <inheritdoc />
    public async ValueTask<PaymentRecord?> FindByRefundReferenceAsync(string provider, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(reference);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.FindByRefundReference);
        command.Parameters.Add(Text("provider", provider));
        command.Parameters.Add(Text("reference", reference));
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentRecord>> ListByAccountReferenceAsync(string accountReference, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountReference);
        if (limit <= 0)
        {
            return [];
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.ListByAccountReference);
        command.Parameters.Add(Text("account_reference", accountReference));
        command.Parameters.Add(Timestamp("since", since));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until a write in this schema (from any instance) makes a payment due now, or until <paramref name="timeout"/>
    /// passes. Uses <c>LISTEN payments_due</c> on a dedicated connection, opened by the first call; wake-ups sent before that are not seen.
    /// A wake-up is a hint to look for work sooner: workers must still poll (the gateway's workers poll every
    /// <see cref="QueueOptions.PollInterval"/> and do not call this method).
    /// </summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><see langword="true"/> when woken by a notification, <see langword="false"/> on timeout.</returns>
    public async Task<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _listenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_listener is null)
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand("LISTEN " + StoreSql.Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                _listener = connection;
            }

            var started = Stopwatch.GetTimestamp(); // real time: the listener's wait is real time too
            try
            {
                while (!_notified)
                {
                    var remaining = timeout - Stopwatch.GetElapsedTime(started);
                    if (remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    // Npgsql reads a timeout of 0 ms as "no timeout": round up, so that less than 1 ms left never waits forever.
                    var milliseconds = (int)Math.Min(Math.Ceiling(remaining.TotalMilliseconds), int.MaxValue);
                    await _listener.WaitAsync(Math.Max(1, milliseconds), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                var broken = _listener;
                _listener = null;
                await broken.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            var woken = _notified;
            _notified = false;
            return woken;
        }
        finally
        {
            _listenGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_listener is { } listener)
        {
            _listener = null;
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _migrationGate.Dispose();
        _listenGate.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var listener = _listener;
        _listener = null;
        listener?.Dispose();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }

        _migrationGate.Dispose();
        _listenGate.Dispose();
    }

    /// <summary>A group-committed write; a write refused because one of its refund keys is another payment's wrote nothing: <see langword="false"/>.</summary>
    private async Task<bool> WriteAsync(string key, string sql, Action<NpgsqlParameterCollection> addParameters, CancellationToken cancellationToken)
    {
        try
        {
            return await _writer.WriteAsync(key, sql, addParameters, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (RefundKeyTaken(ex))
        {
            return false;
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (string.Equals(e.Payload, _schema, StringComparison.Ordinal))
        {
            _notified = true;
        }
    }
}
