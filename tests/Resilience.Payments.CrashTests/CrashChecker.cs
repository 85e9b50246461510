using System.Globalization;
using System.Text;
using Resilience.Payments.Sqlite;

namespace Resilience.Payments.CrashTests;

/// <summary>What the checker found in one round.</summary>
internal sealed record CheckResult
{
    public int Accepted { get; init; }

    public int Stored { get; init; }

    public int Charges { get; init; }

    public int Succeeded { get; init; }

    public int NotStarted { get; init; }

    /// <summary>Gets how many payments were settled by a status query (an Unknown reply, or an attempt a killed child left open).</summary>
    public int Reconciled { get; init; }

    public int Lost { get; init; }

    public int Duplicated { get; init; }

    public int Unexpected { get; init; }

    public int Unresolved { get; init; }

    public string Evidence { get; init; } = string.Empty;

    public bool Clean => Lost == 0 && Duplicated == 0 && Unexpected == 0 && Unresolved == 0;
}

/// <summary>
/// The total-queue checker (after Jepsen's): per payment key, the charges the providers made (their ledger files) against
/// the payment's final state in the durable store and against what the application handed over (accepted.log).
/// </summary>
internal static class CrashChecker
{
    public static async Task<CheckResult> CheckAsync(string storePath, string ledger)
    {
        var accepted = LedgerFiles.ReadLines(LedgerFiles.AcceptedPath(ledger)).Select(fields => fields[0]).ToHashSet(StringComparer.Ordinal);
        var charges = LedgerFiles.Providers
            .SelectMany(provider => LedgerFiles.ReadLines(LedgerFiles.ChargesPath(ledger, provider))
                .Where(fields => fields.Length >= 3)
                .Select(fields => (Reference: fields[0], Key: fields[1], Provider: provider)))
            .ToList();
        var records = await ReadStoreAsync(storePath);

        int lost = 0, duplicated = 0, unexpected = 0, unresolved = 0, notStarted = 0;
        var evidence = new StringBuilder();
        void Report(string problem, string key)
        {
            evidence.Append(CultureInfo.InvariantCulture, $"{problem} {key}:");
            foreach (var charge in charges.Where(c => c.Key == key))
            {
                evidence.Append(CultureInfo.InvariantCulture, $" charge[{charge.Provider} {charge.Reference}]");
            }

            if (records.TryGetValue(key, out var record))
            {
                evidence.Append(CultureInfo.InvariantCulture, $" stored[{record.Status} v{record.Version} lease={record.LeaseOwner}");
                foreach (var attempt in record.Attempts)
                {
                    evidence.Append(CultureInfo.InvariantCulture, $" #{attempt.Number} {attempt.Reference} {attempt.Provider} {attempt.Outcome?.ToString() ?? "open"}/{attempt.Source}");
                }

                evidence.Append(']');
            }
            else
            {
                evidence.Append(" not stored");
            }

            evidence.AppendLine();
        }

        var keys = accepted.Union(records.Keys).Union(charges.Select(c => c.Key)).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var keyCharges = charges.Where(c => c.Key == key).ToList();
            records.TryGetValue(key, out var record);

            if (!accepted.Contains(key))
            {
                unexpected++; // charged or stored, but never handed over by the application
                Report("UNEXPECTED", key);
                continue;
            }

            if (keyCharges.Count > 1)
            {
                duplicated++;
                Report("DUPLICATED", key);
            }

            if (record is null)
            {
                if (keyCharges.Count == 0)
                {
                    notStarted++; // accepted.log written, killed before PayAsync stored it: nobody charged
                }
                else
                {
                    lost += keyCharges.Count;
                    Report("LOST (charged, not stored)", key);
                }

                continue;
            }

            if (!record.Status.IsFinal())
            {
                unresolved++;
                Report("UNRESOLVED", key);
            }

            var succeededReferences = record.Status == PaymentStatus.Succeeded
                ? record.Attempts.Where(a => a.Outcome == OutcomeKind.Succeeded).Select(a => a.Reference).ToHashSet(StringComparer.Ordinal)
                : [];
            var orphanCharges = keyCharges.Count(c => !succeededReferences.Contains(c.Reference));
            if (orphanCharges > 0)
            {
                lost += orphanCharges; // money moved for a payment the store does not hold as succeeded by that attempt
                Report("LOST (charge of no Succeeded payment)", key);
            }

            if (record.Status == PaymentStatus.Succeeded && !keyCharges.Any(c => succeededReferences.Contains(c.Reference)))
            {
                lost++; // the store says paid, no provider has the money
                Report("LOST (Succeeded, never charged)", key);
            }
        }

        return new CheckResult
        {
            Accepted = accepted.Count,
            Stored = records.Count,
            Charges = charges.Count,
            Succeeded = records.Values.Count(r => r.Status == PaymentStatus.Succeeded),
            NotStarted = notStarted,
            Reconciled = records.Values.Count(r => r.Attempts.Any(a => a.Source == OutcomeSource.StatusQuery)),
            Lost = lost,
            Duplicated = duplicated,
            Unexpected = unexpected,
            Unresolved = unresolved,
            Evidence = evidence.ToString(),
        };
    }

    private static async Task<Dictionary<string, PaymentRecord>> ReadStoreAsync(string storePath)
    {
        var records = new Dictionary<string, PaymentRecord>(StringComparer.Ordinal);
        if (!File.Exists(storePath))
        {
            return records; // killed before the file was created
        }

        // Every child has exited: the checker is the only one to open the file.
        await using var store = new SqlitePaymentStore(new SqlitePaymentStoreOptions { ConnectionString = "Data Source=" + storePath });
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(new PaymentQuery { AfterKey = after, Limit = 500 }, CancellationToken.None);
            foreach (var record in page)
            {
                records[record.Key] = record;
            }

            if (page.Count < 500)
            {
                return records;
            }

            after = page[^1].Key;
        }
    }
}
