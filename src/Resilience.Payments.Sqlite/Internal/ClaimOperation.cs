using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace Resilience.Payments.Sqlite.Internal;

/// <summary>
/// <see cref="IPaymentStore.ClaimDueAsync"/>: select the due, unleased payments in the claimed statuses (oldest due first)
/// and write the lease on each, inside the writer's <c>BEGIN IMMEDIATE</c> transaction, so no other claimer can see them free.
/// </summary>
internal sealed class ClaimOperation(PaymentClaim claim) : WriteOperation<IReadOnlyList<PaymentRecord>>
{
    public override string? Key => null;

    protected override IReadOnlyList<PaymentRecord> Run(SqliteConnection connection)
    {
        var statuses = claim.Statuses.Distinct().Select(s => (int)s).ToArray();
        var now = claim.Now.ToUnixTimeMilliseconds();
        var candidates = new List<string>();
        using (var select = connection.CreateCommand())
        {
            var names = new string[statuses.Length];
            for (var i = 0; i < statuses.Length; i++)
            {
                names[i] = "$s" + i.ToString(CultureInfo.InvariantCulture);
                select.Parameters.AddWithValue(names[i], statuses[i]);
            }

            select.CommandText = $"""
                SELECT document FROM payments
                WHERE status IN ({string.Join(", ", names)})
                  AND due_at IS NOT NULL AND due_at <= $now
                  AND NOT (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL AND lease_expires_at > $now)
                ORDER BY due_at, created_at, "key"
                LIMIT $max;
                """;
            select.Parameters.AddWithValue("$now", now);
            select.Parameters.AddWithValue("$max", claim.MaxCount);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                candidates.Add(reader.GetString(0));
            }
        }

        var claimed = new List<PaymentRecord>(candidates.Count);
        foreach (var document in candidates)
        {
            var record = PaymentRecordSerializer.Deserialize(document);
            var stored = record with { LeaseOwner = claim.Owner, LeaseExpiresAt = claim.LeaseExpiresAt, Version = record.Version + 1 };
            PaymentRows.WriteLease(connection, stored, PaymentRecordSerializer.Serialize(stored));
            claimed.Add(stored);
        }

        return claimed;
    }
}
