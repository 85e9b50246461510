using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// The SQL that reads and writes one payment: its row in <c>payments</c>, in <c>payment_attempts</c> a row per attempt that holds a
/// provider reference (the index <c>FindByProviderReferenceAsync</c> reads; older databases also have rows for the others, which nothing reads),
/// and in <c>payment_refunds</c> a row per refund (the index of refund keys and references). A record without refunds costs no
/// statement on <c>payment_refunds</c>.
/// </summary>
internal static class PaymentRows
{
    public const string SelectDocumentByKey = """SELECT document FROM payments WHERE "key" = $key;""";

    public static string? ReadDocument(SqliteConnection connection, string key) =>
        SqliteCommands.ScalarPrepared(connection, SelectDocumentByKey, ("$key", key)) as string;

    /// <summary>
    /// Inserts the payment, its attempt rows and its refund rows unless its key exists; returns whether it did. Call
    /// <see cref="RefundKeysTaken"/> first (in the same transaction) for a record with refunds.
    /// </summary>
    public static bool InsertUnlessExists(SqliteConnection connection, PaymentRecord stored, string document)
    {
        var inserted = SqliteCommands.ExecutePrepared(
            connection,
            """
            INSERT INTO payments ("key", fingerprint, status, version, due_at, lease_owner, lease_expires_at, queue_rounds, created_at, updated_at, document, account_reference)
            VALUES ($key, $fingerprint, $status, $version, $due_at, $lease_owner, $lease_expires_at, $queue_rounds, $created_at, $updated_at, $document, $account_reference)
            ON CONFLICT ("key") DO NOTHING;
            """,
            [
                .. ChangingColumns(stored, document),
                ("$fingerprint", stored.Fingerprint),
                ("$created_at", stored.CreatedAt.ToUnixTimeMilliseconds()),
                ("$account_reference", stored.Request.AccountReference),
            ]);
        if (inserted == 0)
        {
            return false;
        }

        UpsertAttempts(connection, stored);
        UpsertRefunds(connection, stored, document);
        return true;
    }

    /// <summary>
    /// Whether the record holds a refund key that <c>payment_refunds</c> indexes for another payment (such a record is not written).
    /// Run in the writer's transaction, which holds the database's write lock: no other write comes between this check and the write.
    /// </summary>
    public static bool RefundKeysTaken(SqliteConnection connection, PaymentRecord stored, string document) =>
        stored.Refunds.Count > 0
        && SqliteCommands.ScalarPrepared(
            connection,
            """
            SELECT 1 FROM json_each($document, '$.refunds') j
            JOIN payment_refunds r ON r.refund_key = json_extract(j.value, '$.key')
            WHERE r.payment_key <> $key
            LIMIT 1;
            """,
            ("$document", document),
            ("$key", stored.Key)) is not null;

    /// <summary>Replaces the row if its version is still <paramref name="expectedVersion"/>; returns whether it did.</summary>
    public static bool UpdateIfVersion(SqliteConnection connection, PaymentRecord stored, string document, long expectedVersion)
    {
        var changed = SqliteCommands.ExecutePrepared(
            connection,
            """
            UPDATE payments SET status = $status, version = $version, due_at = $due_at, lease_owner = $lease_owner,
                lease_expires_at = $lease_expires_at, queue_rounds = $queue_rounds, updated_at = $updated_at, document = $document,
                account_reference = $account_reference
            WHERE "key" = $key AND version = $expected;
            """,
            [.. ChangingColumns(stored, document), ("$account_reference", stored.Request.AccountReference), ("$expected", expectedVersion)]);
        if (changed == 0)
        {
            return false;
        }

        // payment_attempts indexes the provider references attempts hold: only attempts with one have a row, upserted in place
        // (a reference is learnt once and kept). Rows are never deleted on update: readers check a row against its payment.
        UpsertAttempts(connection, stored);
        UpsertRefunds(connection, stored, document);
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

    /// <summary>
    /// Indexes the record's refunds (one statement, over the document's <c>refunds</c> array; none when it has no refunds). A refund
    /// key indexed for another payment is never taken over: the statement fails (<c>payment_key</c> NOT NULL), so the whole write
    /// is undone (<see cref="RefundKeysTaken"/> is checked first, so this is a backstop, never the usual path).
    /// </summary>
    private static void UpsertRefunds(SqliteConnection connection, PaymentRecord stored, string document)
    {
        if (stored.Refunds.Count == 0)
        {
            return;
        }

        SqliteCommands.ExecutePrepared(
            connection,
            """
            INSERT INTO payment_refunds AS t (refund_key, payment_key, provider, reference, provider_reference)
            SELECT json_extract(j.value, '$.key'), $key, json_extract(j.value, '$.provider'), json_extract(j.value, '$.reference'),
                json_extract(j.value, '$.providerReference')
            FROM json_each($document, '$.refunds') j
            WHERE true
            ON CONFLICT (refund_key) DO UPDATE
                SET payment_key = CASE WHEN t.payment_key = excluded.payment_key THEN t.payment_key END,
                    provider = excluded.provider, reference = excluded.reference, provider_reference = excluded.provider_reference
                WHERE t.payment_key IS NOT excluded.payment_key
                    OR t.provider IS NOT excluded.provider OR t.reference IS NOT excluded.reference
                    OR t.provider_reference IS NOT excluded.provider_reference;
            """,
            ("$document", document),
            ("$key", stored.Key));
    }
}
