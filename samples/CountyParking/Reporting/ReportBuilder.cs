using CountyParking.Simulation;
using Resilience.Payments;

namespace CountyParking.Reporting;

/// <summary>Computes the report and the audit from the gateway's store and the providers' own ledgers: counted, never assumed.</summary>
public static class ReportBuilder
{
    public static readonly IReadOnlyList<string> ProviderNames = ["mpesa", "airtel", "paystack", "pesapal"];

    public static ParkingReport Build(
        IReadOnlyList<PaymentRecord> records,
        IReadOnlyList<LedgerCharge> charges,
        IReadOnlyDictionary<string, int> breakerRejections,
        double durationSeconds = 0,
        double? allResolvedAtSeconds = null,
        double? lastOutageEndSeconds = null,
        bool resumed = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(charges);
        ArgumentNullException.ThrowIfNull(breakerRejections);

        var byProvider = new SortedDictionary<string, ProviderFigures>(StringComparer.Ordinal);
        foreach (var name in ProviderNames.Concat(records.SelectMany(r => r.Attempts).Select(a => a.Provider)).Distinct(StringComparer.Ordinal))
        {
            var attempts = records.SelectMany(r => r.Attempts).Where(a => string.Equals(a.Provider, name, StringComparison.Ordinal)).ToList();
            byProvider[name] = new ProviderFigures
            {
                Attempts = attempts.Count,
                Succeeded = attempts.Count(a => a.Outcome == OutcomeKind.Succeeded),
                NotProcessed = attempts.Count(a => a.Outcome == OutcomeKind.NotProcessed),
                Unknown = attempts.Count(a => a.Outcome == OutcomeKind.Unknown),
                Declined = attempts.Count(a => a.Outcome == OutcomeKind.Declined),
                Waiting = attempts.Count(a => a.Outcome is OutcomeKind.Pending or OutcomeKind.ActionRequired),
                RejectedByBreaker = breakerRejections.TryGetValue(name, out var rejected) ? rejected : 0,
            };
        }

        var audit = Audit(records, charges);
        return new ParkingReport
        {
            Payments = records.Count,
            Succeeded = Count(records, PaymentStatus.Succeeded),
            Declined = Count(records, PaymentStatus.Declined),
            Failed = Count(records, PaymentStatus.Failed),
            Expired = Count(records, PaymentStatus.Expired),
            Pending = records.Count(r => r.Status is PaymentStatus.Pending or PaymentStatus.ActionRequired or PaymentStatus.Processing),
            Queued = Count(records, PaymentStatus.Queued),
            Failovers = records.Sum(Failovers),
            RecoveredFromQueue = records.Count(r => r.Status == PaymentStatus.Succeeded && r.QueueRounds > 0),
            ByProvider = byProvider,
            Audit = audit,
            DeclinesByReason = new SortedDictionary<string, int>(
                records.Where(r => r.Status == PaymentStatus.Declined)
                    .Select(r => r.Attempts.LastOrDefault(a => a.Outcome == OutcomeKind.Declined))
                    .GroupBy(a => a is null ? "unknown" : $"{a.Provider} {a.Code}: {a.Reason}", StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                StringComparer.Ordinal),
            DurationSeconds = Math.Round(durationSeconds, 1),
            AllResolvedAtSeconds = allResolvedAtSeconds is { } at ? Math.Round(at, 1) : null,
            TimeToRecoverSeconds = allResolvedAtSeconds is { } resolved && lastOutageEndSeconds is { } end ? Math.Round(Math.Max(0, resolved - end), 1) : null,
            Resumed = resumed,
        };
    }

    /// <summary>
    /// The audit. doubleCharged: payment keys charged more than once across all providers. lost: charges that belong to no
    /// Succeeded payment, plus Succeeded payments no provider charged. unresolved: payments still Pending, ActionRequired or
    /// Processing (an attempt whose outcome is not known).
    /// </summary>
    public static AuditFigures Audit(IReadOnlyList<PaymentRecord> records, IReadOnlyList<LedgerCharge> charges)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(charges);
        var byAttempt = new Dictionary<string, string>(StringComparer.Ordinal);
        var byProviderReference = new Dictionary<(string, string), string>();
        var byReceipt = new Dictionary<(string, string), string>();
        foreach (var record in records)
        {
            foreach (var attempt in record.Attempts)
            {
                byAttempt[attempt.Reference] = record.Key;
                if (attempt.ProviderReference is { } reference)
                {
                    byProviderReference[(attempt.Provider, reference)] = record.Key;
                }

                if (attempt.Receipt is { } receipt)
                {
                    byReceipt[(attempt.Provider, receipt)] = record.Key;
                }
            }
        }

        string? KeyOf(LedgerCharge charge) =>
            charge.PaymentKey
            ?? (charge.AttemptReference is { } a && byAttempt.TryGetValue(a, out var k1) ? k1 : null)
            ?? (byProviderReference.TryGetValue((charge.Provider, charge.ProviderReference), out var k2) ? k2 : null)
            ?? (charge.Receipt is { } r && byReceipt.TryGetValue((charge.Provider, r), out var k3) ? k3 : null);

        var succeeded = records.Where(r => r.Status == PaymentStatus.Succeeded).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var keys = charges.Select(KeyOf).ToList();
        var perKey = keys.Where(k => k is not null).GroupBy(k => k!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var doubleCharged = perKey.Count(kv => kv.Value > 1);
        var lost = keys.Count(k => k is null || !succeeded.Contains(k)) + succeeded.Count(k => !perKey.ContainsKey(k));
        var unresolved = records.Count(r => r.Status is PaymentStatus.Pending or PaymentStatus.ActionRequired or PaymentStatus.Processing);
        return new AuditFigures
        {
            Charges = charges.Count,
            DoubleCharged = doubleCharged,
            Lost = lost,
            Unresolved = unresolved,
            Clean = doubleCharged == 0 && lost == 0 && unresolved == 0,
        };
    }

    /// <summary>Failovers of one payment: an attempt not processed, followed by an attempt at another provider or instrument.</summary>
    public static int Failovers(PaymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var count = 0;
        for (var i = 1; i < record.Attempts.Count; i++)
        {
            var (previous, next) = (record.Attempts[i - 1], record.Attempts[i]);
            if (previous.Outcome == OutcomeKind.NotProcessed
                && (!string.Equals(previous.Provider, next.Provider, StringComparison.Ordinal) || !Equals(previous.Instrument, next.Instrument)))
            {
                count++;
            }
        }

        return count;
    }

    private static int Count(IReadOnlyList<PaymentRecord> records, PaymentStatus status) => records.Count(r => r.Status == status);
}
