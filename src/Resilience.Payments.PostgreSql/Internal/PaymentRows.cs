using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Resilience.Payments.PostgreSql.Internal;

/// <summary>How a payment maps to a row of <c>payments</c> and back: statement parameters, column reads, time precision.</summary>
internal static class PaymentRows
{
    internal static bool MakesDueNow(PaymentRecord record) =>
        record.Status is PaymentStatus.Queued or PaymentStatus.Pending && record.DueAt is { } due && due <= DateTimeOffset.UtcNow;

    /// <summary>Times as the document keeps them (milliseconds, UTC), so that columns and document agree.</summary>
    internal static PaymentRecord Normalize(PaymentRecord record) => record with
    {
        CreatedAt = Truncate(record.CreatedAt),
        UpdatedAt = Truncate(record.UpdatedAt),
        DueAt = record.DueAt is { } due ? Truncate(due) : null,
        LeaseExpiresAt = record.LeaseExpiresAt is { } lease ? Truncate(lease) : null,
    };

    internal static IndexRows IndexRowsOf(PaymentRecord record) =>
        record.Refunds.Count > 0 ? IndexRows.AttemptsAndRefunds : HasReference(record) ? IndexRows.Attempts : IndexRows.None;

    /// <summary>
    /// Whether the server refused a write because one of its refund keys is indexed for another payment (a writer that indexed it
    /// after this statement's check: see <see cref="StoreSql"/>). Nothing of that write was committed.
    /// </summary>
    internal static bool RefundKeyTaken(PostgresException error) =>
        error.SqlState == PostgresErrorCodes.NotNullViolation
        && string.Equals(error.TableName, "payment_refunds", StringComparison.Ordinal)
        && string.Equals(error.ColumnName, "payment_key", StringComparison.Ordinal);

    internal static bool HasReference(PaymentRecord record)
    {
        var attempts = record.Attempts;
        for (var i = 0; i < attempts.Count; i++)
        {
            if (attempts[i].ProviderReference is not null)
            {
                return true;
            }
        }

        return false;
    }

    internal static DateTimeOffset Truncate(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    /// <summary>
    /// The write statements' parameters; the attempts' and refunds' arrays only for a statement that writes their <paramref name="rows"/>,
    /// the events' only when there are <paramref name="events"/>.
    /// </summary>
    internal static void AddWriteParameters(NpgsqlParameterCollection p, PaymentRecord stored, string document, IndexRows rows, string schema, IReadOnlyList<StoredPaymentEvent> events)
    {
        if (events.Count > 0)
        {
            p.Add(new NpgsqlParameter("e_id", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.EventId).ToArray() });
            p.Add(new NpgsqlParameter("e_key", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.PaymentKey).ToArray() });
            p.Add(new NpgsqlParameter("e_type", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.EventType).ToArray() });
            p.Add(new NpgsqlParameter("e_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray() });
            p.Add(new NpgsqlParameter("e_payload", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.Payload).ToArray() });
        }

        p.Add(Text("key", stored.Key));
        p.Add(Text("fingerprint", stored.Fingerprint));
        p.Add(new NpgsqlParameter<short>("status", NpgsqlDbType.Smallint) { TypedValue = (short)stored.Status });
        p.Add(new NpgsqlParameter<long>("new_version", NpgsqlDbType.Bigint) { TypedValue = stored.Version });
        p.Add(Timestamp("due_at", stored.DueAt));
        p.Add(Text("lease_owner", stored.LeaseOwner));
        p.Add(Timestamp("lease_expires_at", stored.LeaseExpiresAt));
        p.Add(new NpgsqlParameter<int>("queue_rounds", NpgsqlDbType.Integer) { TypedValue = stored.QueueRounds });
        p.Add(Timestamp("created_at", stored.CreatedAt));
        p.Add(Timestamp("updated_at", stored.UpdatedAt));
        p.Add(new NpgsqlParameter("document", NpgsqlDbType.Text) { Value = document });
        p.Add(Text("schema", schema));
        p.Add(Text("account_reference", stored.Request.AccountReference));
        if (rows == IndexRows.None)
        {
            return; // no index rows to write: the statement has no attempts part
        }

        var attempts = stored.Attempts;
        p.Add(new NpgsqlParameter("a_number", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = attempts.Select(a => a.Number).ToArray() });
        p.Add(new NpgsqlParameter("a_provider", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = attempts.Select(a => a.Provider).ToArray() });
        p.Add(new NpgsqlParameter("a_reference", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = attempts.Select(a => a.Reference).ToArray() });
        p.Add(new NpgsqlParameter("a_provider_reference", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = attempts.Select(a => a.ProviderReference).ToArray() });
        p.Add(new NpgsqlParameter("a_outcome", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = attempts.Select(a => (short?)a.Outcome).ToArray() });
        if (rows != IndexRows.AttemptsAndRefunds)
        {
            return;
        }

        var refunds = stored.Refunds;
        p.Add(new NpgsqlParameter("r_key", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = refunds.Select(r => r.Key).ToArray() });
        p.Add(new NpgsqlParameter("r_provider", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = refunds.Select(r => r.Provider).ToArray() });
        p.Add(new NpgsqlParameter("r_reference", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = refunds.Select(r => r.Reference).ToArray() });
        p.Add(new NpgsqlParameter("r_provider_reference", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = refunds.Select(r => r.ProviderReference).ToArray() });
    }

    internal static async Task<PaymentRecord?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRecord(reader) : null;
    }

    internal static async Task<IReadOnlyList<PaymentRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<PaymentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    /// <summary>Reads document, status, version, due_at, lease_owner, lease_expires_at, queue_rounds; the columns win over the document.</summary>
    internal static PaymentRecord ReadRecord(DbDataReader reader) => PaymentRecordSerializer.Deserialize(reader.GetString(0)) with
    {
        Status = (PaymentStatus)reader.GetInt16(1),
        Version = reader.GetInt64(2),
        DueAt = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
        LeaseOwner = reader.IsDBNull(4) ? null : reader.GetString(4),
        LeaseExpiresAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        QueueRounds = reader.GetInt32(6),
    };

    internal static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Timestamp(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    internal static NpgsqlParameter Statuses(IReadOnlyCollection<PaymentStatus> statuses) =>
        new("statuses", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = statuses.Select(s => (short)s).ToArray() };
}
