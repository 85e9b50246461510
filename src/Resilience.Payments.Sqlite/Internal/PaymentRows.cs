using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// The SQL that reads and writes one payment: its row in <c>payments</c>, and in <c>payment_attempts</c> a row per attempt that holds a
/// provider reference (the index <c>FindByProviderReferenceAsync</c> reads; older databases also have rows for the others, which nothing reads).
/// </summary>
internal static class PaymentRows
{
    public const string SelectDocumentByKey = """SELECT document FROM payments WHERE "key" = $key;""";

    public static string? ReadDocument(SqliteConnection connection, string key) =>
        SqliteCommands.ScalarPrepared(connection, SelectDocumentByKey, ("$key", key)) as string;

    /// <summary>Inserts the payment and its attempt rows unless its key exists; returns whether it did.</summary>
    public static bool InsertUnlessExists(SqliteConnection connection, PaymentRecord stored, string document)
    {
        var inserted = SqliteCommands.ExecutePrepared(
            connection,
            """
            INSERT INTO payments ("key", fingerprint, status, version, due_at, lease_owner, lease_expires_at, queue_rounds, created_at, updated_at, document)
            VALUES ($key, $fingerprint, $status, $version, $due_at, $lease_owner, $lease_expires_at, $queue_rounds, $created_at, $updated_at, $document)
            ON CONFLICT ("key") DO NOTHING;
            """,
            [.. ChangingColumns(stored, document), ("$fingerprint", stored.Fingerprint), ("$created_at", stored.CreatedAt.ToUnixTimeMilliseconds())]);
        if (inserted == 0)
        {
            return false;
        }

        UpsertAttempts(connection, stored);
        return true;
    }

    /// <summary>Replaces the row if its version is still <paramref name="expectedVersion"/>; returns whether it did.</summary>
    public static bool UpdateIfVersion(SqliteConnection connection, PaymentRecord stored, string document, long expectedVersion)
    {
        var changed = SqliteCommands.ExecutePrepared(
            connection,
            """
            UPDATE payments SET status = $status, version = $version, due_at = $due_at, lease_owner = $lease_owner,
                lease_expires_at = $lease_expires_at, queue_rounds = $queue_rounds, updated_at = $updated_at, document = $document
            WHERE "key" = $key AND version = $expected;
            """,
            [.. ChangingColumns(stored, document), ("$expected", expectedVersion)]);
        if (changed == 0)
        {
            return false;
        }

        // payment_attempts indexes the provider references attempts hold: only attempts with one have a row, upserted in place
        // (a reference is learnt once and kept). Rows are never deleted on update: readers check a row against its payment.
        UpsertAttempts(connection, stored);
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

    /// <summary>The columns a write may change (the key, fingerprint and creation time are written once, by the insert).</summary>
    private static (string, object?)[] ChangingColumns(PaymentRecord stored, string document) =>
    [
        ("$key", stored.Key),
        ("$status", (int)stored.Status),
        ("$version", stored.Version),
        ("$due_at", stored.DueAt?.ToUnixTimeMilliseconds()),
        ("$lease_owner", stored.LeaseOwner),
        ("$lease_expires_at", stored.LeaseExpiresAt?.ToUnixTimeMilliseconds()),
        ("$queue_rounds", stored.QueueRounds),
        ("$updated_at", stored.UpdatedAt.ToUnixTimeMilliseconds()),
        ("$document", document),
    ];

    private static void UpsertAttempts(SqliteConnection connection, PaymentRecord stored)
    {
        foreach (var attempt in stored.Attempts)
        {
            if (attempt.ProviderReference is null)
            {
                continue; // nothing to find it by
            }

            SqliteCommands.ExecutePrepared(
                connection,
                """
                INSERT INTO payment_attempts (payment_key, number, provider, reference, provider_reference, outcome)
                VALUES ($key, $number, $provider, $reference, $provider_reference, $outcome)
                ON CONFLICT (payment_key, number) DO UPDATE SET provider = excluded.provider, reference = excluded.reference,
                    provider_reference = excluded.provider_reference, outcome = excluded.outcome;
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
