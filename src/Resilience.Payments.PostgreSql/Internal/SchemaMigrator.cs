using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Resilience.Payments.PostgreSql.Internal;

/// <summary>
/// Creates and migrates the store's schema. Every migration runs in one transaction that first takes a transaction-level
/// advisory lock for the schema and re-reads the version under it, so several instances starting at once migrate once.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The newest schema version this library knows.</summary>
    public const int LatestVersion = 3;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var s = "\"" + schema + "\"";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@lock_name))", connection, transaction))
        {
            command.Parameters.AddWithValue("lock_name", "Resilience.Payments.PostgreSql:" + schema);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Under the lock: nobody else creates or migrates this schema until we commit.
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.schema_version (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now(),
                library text NOT NULL
            );
            """,
            cancellationToken).ConfigureAwait(false);

        int current;
        await using (var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {s}.schema_version", connection, transaction))
        {
            current = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL payment store schema \"{schema}\" is at version {current}, but this version of Resilience.Payments.PostgreSql "
                + $"knows schema versions up to {LatestVersion}. A newer library has migrated this database: upgrade Resilience.Payments.PostgreSql "
                + "(or point this instance at another schema); it will not write to a schema it does not understand.");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            await ExecuteAsync(connection, transaction, Migration(version, s), cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {s}.schema_version (version, library) VALUES (@version, @library)", connection, transaction);
            record.Parameters.AddWithValue("version", version);
            record.Parameters.AddWithValue("library", "Resilience.Payments.PostgreSql " + typeof(SchemaMigrator).Assembly.GetName().Version);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Migration(int version, string s) => version switch
    {
        1 => $"""
            CREATE TABLE {s}.payments (
                key text COLLATE "C" PRIMARY KEY,
                fingerprint text NOT NULL,
                status smallint NOT NULL,
                version bigint NOT NULL,
                due_at timestamptz NULL,
                lease_owner text NULL,
                lease_expires_at timestamptz NULL,
                queue_rounds integer NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                document text NOT NULL -- the PaymentRecordSerializer document, byte for byte (jsonb would reorder metadata keys); cast to jsonb to query it
            );
            CREATE INDEX payments_claim_idx ON {s}.payments (status, due_at) WHERE due_at IS NOT NULL;
            CREATE INDEX payments_created_idx ON {s}.payments (created_at, key);
            CREATE TABLE {s}.payment_attempts (
                payment_key text COLLATE "C" NOT NULL REFERENCES {s}.payments (key) ON DELETE CASCADE,
                number integer NOT NULL,
                provider text NOT NULL,
                reference text NOT NULL,
                provider_reference text NULL,
                outcome smallint NULL,
                PRIMARY KEY (payment_key, number)
            );
            CREATE INDEX payment_attempts_provider_reference_idx ON {s}.payment_attempts (lower(provider), provider_reference)
                WHERE provider_reference IS NOT NULL;
            """,
        // Refunds (issue 13): the refunds' index (a refund key is unique across payments) and the account reference as a column,
        // both filled from the documents already stored (the PaymentRecordSerializer JSON: request.accountReference, refunds[]).
        2 => $"""
            CREATE TABLE {s}.payment_refunds (
                refund_key text COLLATE "C" PRIMARY KEY,
                payment_key text COLLATE "C" NOT NULL REFERENCES {s}.payments (key) ON DELETE CASCADE,
                provider text NOT NULL,
                reference text NOT NULL,
                provider_reference text NULL
            );
            CREATE INDEX payment_refunds_reference_idx ON {s}.payment_refunds (lower(provider), reference);
            CREATE INDEX payment_refunds_provider_reference_idx ON {s}.payment_refunds (lower(provider), provider_reference)
                WHERE provider_reference IS NOT NULL;
            CREATE INDEX payment_refunds_payment_idx ON {s}.payment_refunds (payment_key);
            ALTER TABLE {s}.payments ADD COLUMN account_reference text NULL;
            UPDATE {s}.payments SET account_reference = document::jsonb -> 'request' ->> 'accountReference'
                WHERE document::jsonb -> 'request' ->> 'accountReference' IS NOT NULL;
            CREATE INDEX payments_account_reference_idx ON {s}.payments (account_reference, created_at) WHERE account_reference IS NOT NULL;
            INSERT INTO {s}.payment_refunds (refund_key, payment_key, provider, reference, provider_reference)
            SELECT r ->> 'key', p.key, r ->> 'provider', r ->> 'reference', r ->> 'providerReference'
            FROM {s}.payments p CROSS JOIN LATERAL jsonb_array_elements(
                CASE WHEN jsonb_typeof(p.document::jsonb -> 'refunds') = 'array' THEN p.document::jsonb -> 'refunds' ELSE '[]'::jsonb END) AS r
            ORDER BY p.created_at, p.key
            ON CONFLICT (refund_key) DO NOTHING;
            """,
        // The event outbox (issue 14): events written with their record, positioned by (writing transaction, sequence) (see
        // EventSql), each observer's subscription (checkpoint, failures, lease), and dead letters (a copy of the event, once per
        // subscription and event id). Schemas of earlier versions start with an empty outbox.
        3 => $"""
            CREATE TABLE {s}.payment_events (
                tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
                seq bigserial NOT NULL,
                event_id text NOT NULL,
                payment_key text COLLATE "C" NOT NULL,
                event_type text NOT NULL,
                occurred_at timestamptz NOT NULL,
                payload text NOT NULL,
                PRIMARY KEY (tx, seq)
            );
            CREATE TABLE {s}.payment_event_subscriptions (
                name text COLLATE "C" PRIMARY KEY,
                checkpoint_commit bigint NOT NULL,
                checkpoint_seq bigint NOT NULL,
                lease_owner text NULL,
                lease_expires_at timestamptz NULL,
                failures integer NOT NULL,
                retry_at timestamptz NULL,
                last_error text NULL
            );
            CREATE TABLE {s}.payment_event_dead_letters (
                id bigserial PRIMARY KEY,
                subscription text COLLATE "C" NOT NULL,
                event_commit bigint NOT NULL,
                event_seq bigint NOT NULL,
                event_id text COLLATE "C" NOT NULL,
                payment_key text COLLATE "C" NOT NULL,
                event_type text NOT NULL,
                occurred_at timestamptz NOT NULL,
                payload text NOT NULL,
                attempts integer NOT NULL,
                last_error text NULL,
                dead_lettered_at timestamptz NOT NULL,
                UNIQUE (subscription, event_id)
            );
            CREATE INDEX payment_event_dead_letters_time_idx ON {s}.payment_event_dead_letters (dead_lettered_at, id);
            """,
        _ => throw new InvalidOperationException($"No migration to schema version {version}."),
    };

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
