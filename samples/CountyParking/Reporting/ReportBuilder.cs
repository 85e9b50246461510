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
        bool resumed = false,
        MoneyBack? money = null,
        TicketOffice? tickets = null)
    {
        money ??= MoneyBack.None;
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

        var audit = Audit(records, charges, money.Ledger, tickets?.Ticketed) with { TicketEvents = tickets?.Deliveries ?? 0 };
        var refunds = records.SelectMany(r => r.Refunds).ToList();
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
            Refunds = new RefundFigures
            {
                Requested = money.Requested,
                ByStatus = new SortedDictionary<string, int>(refunds.GroupBy(r => (r.Automatic ? "reversal " : string.Empty) + r.Status).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
                Refused = new SortedDictionary<string, int>(money.Refused.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
                AmountRefunded = refunds.Where(r => r.Status == RefundStatus.Succeeded).Sum(r => r.Amount.Amount),
                ExtraCharges = records.Sum(r => r.ExtraCharges.Count),
                ReversedExtraCharges = records.Sum(r => r.ExtraCharges.Count(e => r.Refunds.Any(f => f.Automatic && f.AttemptNumber == e.AttemptNumber && f.Status == RefundStatus.Succeeded))),
                ExtraChargesFlagged = records.Sum(r => r.ExtraCharges.Count(e => !r.Refunds.Any(f => f.Automatic && f.AttemptNumber == e.AttemptNumber))),
                PossibleDuplicates = money.PossibleDuplicates,
            },
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
    /// The audit, the store against the providers' own ledgers. doubleCharged: payment keys charged more often than the store knows
    /// (its success plus the extra charges it recorded). lost: charges that belong to no Succeeded payment, plus Succeeded payments no
    /// provider charged. unresolved: payments still Pending, ActionRequired or Processing. refundedTwice: a provider refund reference
    /// twice, or a charge refunded beyond its amount. refundsLost: a refund the gateway holds as Succeeded that no provider made, or a
    /// provider refund the gateway does not know. refundsUnresolved: refunds not final. moneyMismatches: payments whose money at the
    /// providers (charged minus refunded) is not what the county kept by its records (its charge and recorded extra charges, minus
    /// succeeded refunds).
    /// </summary>
    public static AuditFigures Audit(IReadOnlyList<PaymentRecord> records, IReadOnlyList<LedgerCharge> charges, IReadOnlyList<LedgerRefund>? refunds = null, IReadOnlyCollection<string>? ticketed = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(charges);
        refunds ??= [];
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

        var byKey = records.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var succeeded = records.Where(r => r.Status == PaymentStatus.Succeeded).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var keys = charges.Select(KeyOf).ToList();
        var perKey = keys.Where(k => k is not null).GroupBy(k => k!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var doubleCharged = perKey.Count(kv => kv.Value > 1 + (byKey.TryGetValue(kv.Key, out var r) ? r.ExtraCharges.Count : 0));
        var lost = keys.Count(k => k is null || !succeeded.Contains(k)) + succeeded.Count(k => !perKey.ContainsKey(k));
        var unresolved = records.Count(r => r.Status is PaymentStatus.Pending or PaymentStatus.ActionRequired or PaymentStatus.Processing);

        // Each provider refund belongs to the charge it names (the simulator's transaction reference, or the M-Pesa receipt).
        var chargeOf = new Dictionary<(string, string), (LedgerCharge Charge, string? Key)>();
        for (var i = 0; i < charges.Count; i++)
        {
            chargeOf.TryAdd((charges[i].Provider, charges[i].ProviderReference), (charges[i], keys[i]));
            if (charges[i].Receipt is { } receipt)
            {
                chargeOf.TryAdd((charges[i].Provider, receipt), (charges[i], keys[i]));
            }
        }

        var refundedTwice = refunds.GroupBy(f => (f.Provider, f.RefundReference)).Count(g => g.Count() > 1)
            + refunds.GroupBy(f => (f.Provider, f.ChargeReference)).Count(g => !chargeOf.TryGetValue(g.Key, out var c) || g.Sum(f => f.Amount) > c.Charge.Amount);

        // Provider refunds against the gateway's: by the provider's refund reference, else by payment and amount.
        var open = new List<(PaymentRecord Record, PaymentRefund Refund)>();
        foreach (var record in records)
        {
            open.AddRange(record.Refunds.Where(f => f.Status.HoldsAmount() && f.Status != RefundStatus.Queued).Select(f => (record, f)));
        }

        var refundsLost = 0;
        var refundedPerKey = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var refund in refunds)
        {
            var key = chargeOf.TryGetValue((refund.Provider, refund.ChargeReference), out var c) ? c.Key : null;
            if (key is not null)
            {
                refundedPerKey[key] = refundedPerKey.GetValueOrDefault(key) + refund.Amount;
            }

            var match = open.FindIndex(o => string.Equals(o.Refund.Provider, refund.Provider, StringComparison.Ordinal) && o.Refund.ProviderReference == refund.RefundReference);
            if (match < 0)
            {
                match = open.FindIndex(o => o.Record.Key == key && string.Equals(o.Refund.Provider, refund.Provider, StringComparison.Ordinal) && o.Refund.Amount.Amount == refund.Amount);
            }

            if (match < 0)
            {
                refundsLost++; // money went back and the gateway does not know of it
            }
            else
            {
                open.RemoveAt(match);
            }
        }

        refundsLost += open.Count(o => o.Refund.Status == RefundStatus.Succeeded); // the gateway says refunded, no provider did
        var refundsUnresolved = records.Sum(r => r.Refunds.Count(f => !f.Status.IsFinal()));

        var chargedPerKey = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var i = 0; i < charges.Count; i++)
        {
            if (keys[i] is { } key)
            {
                chargedPerKey[key] = chargedPerKey.GetValueOrDefault(key) + charges[i].Amount;
            }
        }

        var moneyMismatches = 0;
        foreach (var record in records)
        {
            if (record.Refunds.Any(f => !f.Status.IsFinal()))
            {
                continue; // counted as unresolved
            }

            var atProviders = chargedPerKey.GetValueOrDefault(record.Key) - refundedPerKey.GetValueOrDefault(record.Key);
            var kept = (record.Status == PaymentStatus.Succeeded ? record.Request.Amount.Amount : 0m)
                + record.ExtraCharges.Sum(e => e.Amount.Amount)
                - record.Refunds.Where(f => f.Status == RefundStatus.Succeeded).Sum(f => f.Amount.Amount);
            if (atProviders != kept)
            {
                moneyMismatches++;
            }
        }

        // Every succeeded payment's event reached the ticket office (durable events: at least once, after restarts too).
        var ticketSet = ticketed is null ? null : new HashSet<string>(ticketed, StringComparer.Ordinal);
        var ticketsMissing = ticketSet is null ? 0 : records.Count(r => r.Status == PaymentStatus.Succeeded && !ticketSet.Contains(r.Key));
        return new AuditFigures
        {
            Charges = charges.Count,
            Tickets = ticketSet?.Count ?? 0,
            TicketsMissing = ticketsMissing,
            Refunds = refunds.Count,
            DoubleCharged = doubleCharged,
            Lost = lost,
            Unresolved = unresolved,
            RefundedTwice = refundedTwice,
            RefundsLost = refundsLost,
            RefundsUnresolved = refundsUnresolved,
            MoneyMismatches = moneyMismatches,
            Clean = doubleCharged == 0 && lost == 0 && unresolved == 0 && refundedTwice == 0 && refundsLost == 0 && refundsUnresolved == 0 && moneyMismatches == 0 && ticketsMissing == 0,
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
