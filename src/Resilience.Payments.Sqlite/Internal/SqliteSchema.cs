using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// Creates and migrates the schema. The version lives in <c>PRAGMA user_version</c>; each migration runs in one
/// <c>BEGIN IMMEDIATE</c> transaction with the version bump, so a crash mid-migration leaves the previous version intact.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this library writes and reads.</summary>
    public const int CurrentVersion = 3;

    private const string Version1 = """
        CREATE TABLE payments (
            "key" TEXT NOT NULL PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            status INTEGER NOT NULL,
            version INTEGER NOT NULL,
            due_at INTEGER NULL,
            lease_owner TEXT NULL,
            lease_expires_at INTEGER NULL,
            queue_rounds INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            document TEXT NOT NULL
        );
        CREATE INDEX ix_payments_claim ON payments (status, due_at);
        CREATE INDEX ix_payments_created ON payments (created_at, "key");
        CREATE TABLE payment_attempts (
            payment_key TEXT NOT NULL REFERENCES payments ("key") ON DELETE CASCADE,
            number INTEGER NOT NULL,
            provider TEXT NOT NULL,
            reference TEXT NOT NULL,
            provider_reference TEXT NULL,
            outcome INTEGER NULL,
            PRIMARY KEY (payment_key, number)
        );
        CREATE INDEX ix_payment_attempts_provider_reference ON payment_attempts (provider COLLATE NOCASE, provider_reference);
        """;

    // Refunds (issue 13): the refunds' index (their key is unique across payments) and the account reference as a column, both
    // filled from the documents already stored (the PaymentRecordSerializer JSON: request.accountReference, refunds[]).
    private const string Version2 = """
        CREATE TABLE payment_refunds (
            refund_key TEXT NOT NULL PRIMARY KEY,
            payment_key TEXT NOT NULL REFERENCES payments ("key") ON DELETE CASCADE,
            provider TEXT NOT NULL,
            reference TEXT NOT NULL,
            provider_reference TEXT NULL
        );
        CREATE INDEX ix_payment_refunds_reference ON payment_refunds (provider COLLATE NOCASE, reference);
        CREATE INDEX ix_payment_refunds_provider_reference ON payment_refunds (provider COLLATE NOCASE, provider_reference)
            WHERE provider_reference IS NOT NULL;
        CREATE INDEX ix_payment_refunds_payment ON payment_refunds (payment_key);
        ALTER TABLE payments ADD COLUMN account_reference TEXT NULL;
        UPDATE payments SET account_reference = json_extract(document, '$.request.accountReference');
        CREATE INDEX ix_payments_account_reference ON payments (account_reference, created_at) WHERE account_reference IS NOT NULL;
        INSERT INTO payment_refunds (refund_key, payment_key, provider, reference, provider_reference)
        SELECT json_extract(r.value, '$.key'), p."key", json_extract(r.value, '$.provider'), json_extract(r.value, '$.reference'),
            json_extract(r.value, '$.providerReference')
        FROM payments p, json_each(p.document, '$.refunds') r
        WHERE json_type(p.document, '$.refunds') = 'array'
        ORDER BY p.created_at, p."key"
        ON CONFLICT (refund_key) DO NOTHING;
        """;

    // The event outbox (issue 14): events written with their record (seq follows commit order: SQLite has one writer, and
    // AUTOINCREMENT never reuses a number), each observer's subscription (checkpoint, failures, lease), and dead letters (a copy of
    // the event, once per subscription and event id). Databases of earlier versions start with an empty outbox.
    private const string Version3 = """
        CREATE TABLE payment_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL,
            payment_key TEXT NOT NULL,
            event_type TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE TABLE payment_event_subscriptions (
            name TEXT NOT NULL PRIMARY KEY,
            checkpoint_commit INTEGER NOT NULL,
            checkpoint_seq INTEGER NOT NULL,
            lease_owner TEXT NULL,
            lease_expires_at INTEGER NULL,
            failures INTEGER NOT NULL,
            retry_at INTEGER NULL,
            last_error TEXT NULL
        );
        CREATE TABLE payment_event_dead_letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            subscription TEXT NOT NULL,
            event_commit INTEGER NOT NULL,
            event_seq INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            payment_key TEXT NOT NULL,
            event_type TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT NULL,
            dead_lettered_at INTEGER NOT NULL,
            UNIQUE (subscription, event_id)
        );
        CREATE INDEX ix_payment_event_dead_letters_time ON payment_event_dead_letters (dead_lettered_at, id);
        """;

    /// <summary>Reads the schema version of the open database.</summary>
    public static int ReadVersion(SqliteConnection connection) =>
        Convert.ToInt32(SqliteCommands.Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);

    /// <summary>Throws when the database was written by a newer library.</summary>
    public static void ThrowIfNewer(int found, string dataSource)
    {
        if (found > CurrentVersion)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The payment database '{dataSource}' has schema version {found}, but this version of Resilience.Payments.Sqlite knows schema versions up to {CurrentVersion}. It was written by a newer version of the library; upgrade the library. The database was not changed (it is never downgraded)."));
        }
    }

    /// <summary>Brings the schema to <see cref="CurrentVersion"/>.</summary>
    public static void Migrate(SqliteConnection connection, string dataSource)
    {
        SqliteCommands.Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            var version = ReadVersion(connection); // again, under the write lock: another process may have migrated meanwhile
            ThrowIfNewer(version, dataSource);
            if (version < 1)
            {
                SqliteCommands.Execute(connection, Version1);
            }

            if (version < 2)
            {
                SqliteCommands.Execute(connection, Version2);
            }

            if (version < 3)
            {
                SqliteCommands.Execute(connection, Version3);
            }

            if (version != CurrentVersion)
            {
                SqliteCommands.Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {CurrentVersion};"));
            }

            SqliteCommands.Execute(connection, "COMMIT;");
        }
        catch
        {
            SqliteCommands.Execute(connection, "ROLLBACK;");
            throw;
        }
    }
}
