using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>The SQL that reads and writes one payment: its row in <c>payments</c> and one row per attempt in <c>payment_attempts</c>.</summary>
internal static class PaymentRows
{
    public const string SelectDocumentByKey = """SELECT document FROM payments WHERE "key" = $key;""";

    public static string? ReadDocument(SqliteConnection connection, string key) =>
        SqliteCommands.ScalarPrepared(connection, SelectDocumentByKey, ("$key", key)) as string;

    public static void Insert(SqliteConnection connection, PaymentRecord stored, string document)
    {
        SqliteCommands.ExecutePrepared(
            connection,
            """
            INSERT INTO payments ("key", fingerprint, status, version, due_at, lease_owner, lease_expires_at, queue_rounds, created_at, updated_at, document)
            VALUES ($key, $fingerprint, $status, $version, $due_at, $lease_owner, $lease_expires_at, $queue_rounds, $created_at, $updated_at, $document);
            """,
            Columns(stored, document));
        InsertAttempts(connection, stored);
    }

    /// <summary>Replaces the row if its version is still <paramref name="expectedVersion"/>; returns whether it did.</summary>
    public static bool UpdateIfVersion(SqliteConnection connection, PaymentRecord stored, string document, long expectedVersion)
    {
        var columns = new List<(string, object?)>(Columns(stored, document)) { ("$expected", expectedVersion) };
        var changed = SqliteCommands.ExecutePrepared(
            connection,
            """
            UPDATE payments SET fingerprint = $fingerprint, status = $status, version = $version, due_at = $due_at,
                lease_owner = $lease_owner, lease_expires_at = $lease_expires_at, queue_rounds = $queue_rounds,
                created_at = $created_at, updated_at = $updated_at, document = $document
            WHERE "key" = $key AND version = $expected;
            """,
            columns.ToArray());
        if (changed == 0)
        {
            return false;
        }

        SqliteCommands.ExecutePrepared(connection, "DELETE FROM payment_attempts WHERE payment_key = $key;", ("$key", stored.Key));
        InsertAttempts(connection, stored);
        return true;
    }

    /// <summary>Writes a claim's lease: the lease columns, the version and the document (attempts are unchanged).</summary>
    public static void WriteLease(SqliteConnection connection, PaymentRecord stored, string document) =>
        SqliteCommands.ExecutePrepared(
            connection,
            """UPDATE payments SET version = $version, lease_owner = $lease_owner, lease_expires_at = $lease_expires_at, document = $document WHERE "key" = $key;""",
            ("$key", stored.Key),
            ("$version", stored.Version),
            ("$lease_owner", stored.LeaseOwner),
            ("$lease_expires_at", stored.LeaseExpiresAt?.ToUnixTimeMilliseconds()),
            ("$document", document));

    private static (string, object?)[] Columns(PaymentRecord stored, string document) =>
    [
        ("$key", stored.Key),
        ("$fingerprint", stored.Fingerprint),
        ("$status", (int)stored.Status),
        ("$version", stored.Version),
        ("$due_at", stored.DueAt?.ToUnixTimeMilliseconds()),
        ("$lease_owner", stored.LeaseOwner),
        ("$lease_expires_at", stored.LeaseExpiresAt?.ToUnixTimeMilliseconds()),
        ("$queue_rounds", stored.QueueRounds),
        ("$created_at", stored.CreatedAt.ToUnixTimeMilliseconds()),
        ("$updated_at", stored.UpdatedAt.ToUnixTimeMilliseconds()),
        ("$document", document),
    ];

    private static void InsertAttempts(SqliteConnection connection, PaymentRecord stored)
    {
        if (stored.Attempts.Count == 0)
        {
            return;
        }

        foreach (var attempt in stored.Attempts)
        {
            SqliteCommands.ExecutePrepared(
                connection,
                """
                INSERT INTO payment_attempts (payment_key, number, provider, reference, provider_reference, outcome)
                VALUES ($key, $number, $provider, $reference, $provider_reference, $outcome);
                """,
                ("$key", stored.Key),
                ("$number", attempt.Number),
                ("$provider", attempt.Provider),
                ("$reference", attempt.Reference),
                ("$provider_reference", attempt.ProviderReference),
                ("$outcome", attempt.Outcome is { } o ? (int)o : null));
        }
    }
}
