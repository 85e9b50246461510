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

    /// <summary>Gets how many refunds the store holds (reversals of extra charges included).</summary>
    public int Refunds { get; init; }

    /// <summary>Gets how many of them succeeded.</summary>
    public int RefundsSucceeded { get; init; }

    /// <summary>Gets how many refunds moved money at the providers (their refund ledgers).</summary>
    public int ProviderRefunds { get; init; }

    /// <summary>Gets how many extra charges (late successes after failover) the store recorded.</summary>
    public int ExtraCharges { get; init; }

    /// <summary>Gets how many extra charges were reversed exactly once.</summary>
    public int Reversed { get; init; }

    /// <summary>Gets refunds lost: money given back the store does not know of, or a refund the application was answered about that the store does not hold.</summary>
    public int RefundsLost { get; init; }

    /// <summary>Gets refunds sent twice: a refund reference with two entries in a provider's ledger, or a charge refunded beyond its amount.</summary>
    public int RefundsDuplicated { get; init; }

    /// <summary>Gets refunds whose state in the store does not match the provider's ledger (or still open after the drain).</summary>
    public int RefundsMismatched { get; init; }

    /// <summary>Gets extra charges not reversed exactly once.</summary>
    public int ExtraNotReversed { get; init; }

    /// <summary>Gets the audit of the durable events: what the observers got against the store.</summary>
    public EventCheck Events { get; init; } = new();

    public string Evidence { get; init; } = string.Empty;

    public bool Clean => Lost == 0 && Duplicated == 0 && Unexpected == 0 && Unresolved == 0
        && RefundsLost == 0 && RefundsDuplicated == 0 && RefundsMismatched == 0 && ExtraNotReversed == 0 && Events.Clean;
}

/// <summary>
/// The total-queue checker (after Jepsen's): per payment key, the charges the providers made (their ledger files) against
/// the payment's final state in the durable store and against what the application handed over (accepted.log); then the durable
/// events the observers wrote against the store (<see cref="CheckEvents"/>).
/// </summary>
internal static partial class CrashChecker
{
    public static async Task<CheckResult> CheckAsync(string storePath, string ledger, int seed)
    {
        var accepted = LedgerFiles.ReadLines(LedgerFiles.AcceptedPath(ledger)).Select(fields => fields[0]).ToHashSet(StringComparer.Ordinal);
        var charges = LedgerFiles.Providers
            .SelectMany(provider => LedgerFiles.ReadLines(LedgerFiles.ChargesPath(ledger, provider))
                .Where(fields => fields.Length >= 3)
                .Select(fields => (Reference: fields[0], Key: fields[1], Provider: provider, Amount: fields.Length >= 4 ? decimal.Parse(fields[3], CultureInfo.InvariantCulture) : 0m)))
            .ToList();
        var (records, outbox, deadLetters) = await ReadStoreAsync(storePath);
        var refunds = ProviderRefunds(ledger);

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

            // A recorded extra charge is not a double charge when it was given back (checked below, with the refunds).
            var extraReferences = record?.ExtraCharges.Select(e => record.Attempts[e.AttemptNumber - 1].Reference).ToHashSet(StringComparer.Ordinal) ?? [];
            if (keyCharges.Count(c => !extraReferences.Contains(c.Reference)) > 1)
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

        var refundCheck = CheckRefunds(ledger, records, charges.ToDictionary(c => c.Reference, c => c.Amount, StringComparer.Ordinal), refunds, evidence);
        var (flakyAccepted, flakyFailures, retriedAfterRestart) = EventFiles.ReadFlaky(ledger);
        var audit = CheckEvents(seed, records, outbox, EventFiles.ReadDelivered(ledger), flakyAccepted, flakyFailures, deadLetters, evidence);
        var events = audit with { FlakyRetriedAfterRestart = retriedAfterRestart };
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
            Refunds = records.Values.Sum(r => r.Refunds.Count),
            RefundsSucceeded = records.Values.Sum(r => r.Refunds.Count(f => f.Status == RefundStatus.Succeeded)),
            ProviderRefunds = refunds.Count,
            ExtraCharges = records.Values.Sum(r => r.ExtraCharges.Count),
            Reversed = refundCheck.Reversed,
            RefundsLost = refundCheck.Lost,
            RefundsDuplicated = refundCheck.Duplicated,
            RefundsMismatched = refundCheck.Mismatched,
            ExtraNotReversed = refundCheck.ExtraNotReversed,
            Events = events,
            Evidence = evidence.ToString(),
        };
    }

    /// <summary>One refund in a provider's ledger: money given back (an asynchronous one once completed).</summary>
    internal sealed record LedgerRefund(string Provider, string Reference, string Key, string ChargeReference, decimal Amount, bool Completed);

    /// <summary>
    /// The refund audit. Lost: a provider gave money back under a reference the store does not hold, or the application was answered
    /// about a refund key the store does not hold. Duplicated: a refund reference twice in a provider's ledger, or a charge refunded
    /// beyond its amount. Mismatched: a refund the store holds as Succeeded that the provider did not complete once for that amount,
    /// one the store holds as Rejected or Failed that moved money, or one still open after the drain. Extra charges: each given back
    /// exactly once, in full, by a succeeded automatic refund.
    /// </summary>
    internal static (int Lost, int Duplicated, int Mismatched, int ExtraNotReversed, int Reversed) CheckRefunds(
        string ledger,
        IReadOnlyDictionary<string, PaymentRecord> records,
        IReadOnlyDictionary<string, decimal> charged,
        IReadOnlyList<LedgerRefund> refunds,
        StringBuilder evidence)
    {
        int lost = 0, duplicated = 0, mismatched = 0, extraNotReversed = 0, reversed = 0;
        var byReference = refunds.ToLookup(r => (r.Provider, r.Reference));
        var stored = records.Values.SelectMany(r => r.Refunds.Select(f => (Record: r, Refund: f))).ToList();
        var storedReferences = stored.Select(s => (s.Refund.Provider, s.Refund.Reference)).ToHashSet();
        var storedKeys = stored.Select(s => s.Refund.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var group in refunds.GroupBy(r => (r.Provider, r.Reference)).Where(g => g.Count() > 1))
        {
            duplicated++;
            evidence.AppendLine(CultureInfo.InvariantCulture, $"REFUND SENT TWICE {group.Key.Provider} {group.Key.Reference}: {group.Count()} entries");
        }

        foreach (var group in refunds.GroupBy(r => r.ChargeReference))
        {
            var total = group.Sum(r => r.Amount);
            if (!charged.TryGetValue(group.Key, out var amount) || total > amount)
            {
                duplicated++;
                evidence.AppendLine(CultureInfo.InvariantCulture, $"REFUNDED BEYOND THE CHARGE {group.Key}: refunded {total}, charged {(charged.TryGetValue(group.Key, out var a) ? a.ToString(CultureInfo.InvariantCulture) : "nothing")}");
            }
        }

        foreach (var refund in refunds.Where(r => !storedReferences.Contains((r.Provider, r.Reference))))
        {
            lost++;
            evidence.AppendLine(CultureInfo.InvariantCulture, $"REFUND LOST (given back, not stored) {refund.Provider} {refund.Reference} of {refund.Key} {refund.Amount}");
        }

        foreach (var told in LedgerFiles.ReadLines(LedgerFiles.ToldPath(ledger)).Where(f => f.Length >= 3).Select(f => f[0]).Distinct(StringComparer.Ordinal))
        {
            if (!storedKeys.Contains(told))
            {
                lost++;
                evidence.AppendLine(CultureInfo.InvariantCulture, $"REFUND LOST (answered, not stored) {told}");
            }
        }

        foreach (var (record, refund) in stored)
        {
            var entries = byReference[(refund.Provider, refund.Reference)].ToList();
            var problem = refund.Status switch
            {
                RefundStatus.Succeeded when entries.Count != 1 || !entries[0].Completed || entries[0].Amount != refund.Amount.Amount =>
                    $"Succeeded in the store, {entries.Count} completed entries of {string.Join("/", entries.Select(e => e.Amount))} at the provider",
                RefundStatus.Rejected or RefundStatus.Failed when entries.Count > 0 => $"{refund.Status} in the store, money given back at the provider",
                _ when !refund.Status.IsFinal() => $"still {refund.Status} after the drain",
                _ => null,
            };
            if (problem is not null)
            {
                mismatched++;
                evidence.AppendLine(CultureInfo.InvariantCulture, $"REFUND MISMATCH {record.Key} {refund.Key} ({refund.Reference}, {refund.Amount}): {problem}");
            }
        }

        foreach (var record in records.Values)
        {
            foreach (var extra in record.ExtraCharges)
            {
                var reference = record.Attempts[extra.AttemptNumber - 1].Reference;
                var given = refunds.Where(r => r.ChargeReference == reference && r.Completed).ToList();
                var automatic = record.Refunds.Where(r => r.Automatic && r.AttemptNumber == extra.AttemptNumber && r.Status == RefundStatus.Succeeded).ToList();
                if (given.Count == 1 && given[0].Amount == extra.Amount.Amount && automatic.Count == 1)
                {
                    reversed++;
                }
                else
                {
                    extraNotReversed++;
                    evidence.AppendLine(CultureInfo.InvariantCulture, $"EXTRA CHARGE NOT REVERSED ONCE {record.Key} attempt {extra.AttemptNumber} ({reference}, {extra.Amount}): {given.Count} refunds at the provider, {automatic.Count} succeeded reversals in the store");
                }
            }
        }

        return (lost, duplicated, mismatched, extraNotReversed, reversed);
    }

    /// <summary>Every provider's refund ledger (money given back, or accepted to be).</summary>
    internal static List<LedgerRefund> ProviderRefunds(string ledger) =>
        LedgerFiles.Providers.SelectMany(provider =>
        {
            var settled = LedgerFiles.ReadLines(LedgerFiles.RefundSettledPath(ledger, provider)).Select(f => f[0]).ToHashSet(StringComparer.Ordinal);
            return LedgerFiles.ReadLines(LedgerFiles.RefundsPath(ledger, provider))
                .Where(f => f.Length >= 6)
                .Select(f => new LedgerRefund(provider, f[0], f[1], f[2], decimal.Parse(f[3], CultureInfo.InvariantCulture), f[4] == "sync" || settled.Contains(f[0])));
        }).ToList();

    private static async Task<(Dictionary<string, PaymentRecord> Records, List<StoredPaymentEvent> Outbox, IReadOnlyList<DeadLetteredEvent> DeadLetters)> ReadStoreAsync(string storePath)
    {
        var records = new Dictionary<string, PaymentRecord>(StringComparer.Ordinal);
        var outbox = new List<StoredPaymentEvent>();
        if (!File.Exists(storePath))
        {
            return (records, outbox, []); // killed before the file was created
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
                break;
            }

            after = page[^1].Key;
        }

        var position = PaymentEventPosition.Start;
        while (true)
        {
            var page = await store.ReadEventsAsync(position, 500, CancellationToken.None);
            outbox.AddRange(page);
            if (page.Count < 500)
            {
                break;
            }

            position = page[^1].Position;
        }

        return (records, outbox, await store.ListDeadLettersAsync(100_000, CancellationToken.None));
    }
}
