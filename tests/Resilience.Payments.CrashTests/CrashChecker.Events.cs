using System.Globalization;
using System.Text;

namespace Resilience.Payments.CrashTests;

/// <summary>What the event audit found in one round.</summary>
internal sealed record EventCheck
{
    /// <summary>Gets how many events the store's outbox holds.</summary>
    public int Stored { get; init; }

    /// <summary>Gets how many distinct events reached the recording observer.</summary>
    public int Delivered { get; init; }

    /// <summary>Gets how many deliveries beyond the first the recording observer was given (at least once, not exactly once).</summary>
    public int Redeliveries { get; init; }

    /// <summary>Gets how many events the recording observer was given by more than one process: delivered again after a kill.</summary>
    public int RedeliveredAfterKill { get; init; }

    /// <summary>Gets how many times the flaky observer threw.</summary>
    public int FlakyFailures { get; init; }

    /// <summary>Gets how many events the flaky observer failed in one process and was given again by a later one.</summary>
    public int FlakyRetriedAfterRestart { get; init; }

    /// <summary>Gets how many events are in the dead letters.</summary>
    public int DeadLetters { get; init; }

    /// <summary>Gets success events (payments and refunds) that never reached the recording observer.</summary>
    public int SuccessMissing { get; init; }

    /// <summary>Gets outbox events an observer never got (the flaky one's planned dead letters excepted), or a delivered id the outbox does not hold.</summary>
    public int Undelivered { get; init; }

    /// <summary>Gets event ids delivered with two contents, or with a content other than the outbox's.</summary>
    public int ContentMismatches { get; init; }

    /// <summary>Gets payments whose events an observer first got out of their versions' order.</summary>
    public int OutOfOrder { get; init; }

    /// <summary>Gets dead letters of an event no observer was made to fail past its attempts, and planned ones missing.</summary>
    public int DeadLetterMismatches { get; init; }

    public bool Clean => SuccessMissing == 0 && Undelivered == 0 && ContentMismatches == 0 && OutOfOrder == 0 && DeadLetterMismatches == 0;
}

/// <summary>The event audit: what the observers wrote outside the process against the store's final state and outbox.</summary>
internal static partial class CrashChecker
{
    private const string PaymentChanged = "payment.status_changed";
    private const string RefundChanged = "refund.status_changed";

    /// <summary>
    /// Checks the durable events of one round. Every Succeeded payment's and refund's success event reached the recording observer at
    /// least once; every outbox event reached both observers (but the flaky one's planned dead letters), and nothing else did; an
    /// event id always carries one content, the outbox's; per payment, each observer's first deliveries came in the order of their
    /// ids' versions; the dead letters are exactly the flaky observer's events it was made to fail past its attempts.
    /// </summary>
    internal static EventCheck CheckEvents(
        int seed,
        IReadOnlyDictionary<string, PaymentRecord> records,
        IReadOnlyList<StoredPaymentEvent> outbox,
        IReadOnlyList<Delivery> delivered,
        IReadOnlyList<Delivery> flakyAccepted,
        IReadOnlyDictionary<string, int> flakyFailures,
        IReadOnlyList<DeadLetteredEvent> deadLetters,
        StringBuilder evidence)
    {
        int successMissing = 0, undelivered = 0, mismatches = 0, outOfOrder = 0, deadLetterMismatches = 0;
        var recorded = delivered.ToLookup(d => d.EventId, StringComparer.Ordinal);

        foreach (var record in records.Values.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (record.Status == PaymentStatus.Succeeded
                && !delivered.Any(d => d.PaymentKey == record.Key && d.Type == PaymentChanged && d.Status == nameof(PaymentStatus.Succeeded)))
            {
                successMissing++;
                evidence.AppendLine(CultureInfo.InvariantCulture, $"SUCCESS EVENT NOT DELIVERED {record.Key} (v{record.Version})");
            }

            foreach (var refund in record.Refunds.Where(r => r.Status == RefundStatus.Succeeded))
            {
                if (!delivered.Any(d => d.RefundKey == refund.Key && d.Type == RefundChanged && d.Status == nameof(RefundStatus.Succeeded)))
                {
                    successMissing++;
                    evidence.AppendLine(CultureInfo.InvariantCulture, $"REFUND SUCCESS EVENT NOT DELIVERED {record.Key} {refund.Key}");
                }
            }
        }

        var stored = outbox.ToDictionary(e => e.EventId, StringComparer.Ordinal);
        var accepted = flakyAccepted.Select(d => d.EventId).ToHashSet(StringComparer.Ordinal);
        foreach (var e in outbox)
        {
            if (!recorded.Contains(e.EventId))
            {
                undelivered++;
                evidence.AppendLine(CultureInfo.InvariantCulture, $"EVENT NOT DELIVERED to {EventFiles.Recorder} {e.EventId} {e.EventType}");
            }

            if (!EventFiles.PlannedDeadLetter(seed, e.EventId) && !accepted.Contains(e.EventId))
            {
                undelivered++;
                evidence.AppendLine(CultureInfo.InvariantCulture, $"EVENT NOT DELIVERED to {EventFiles.Flaky} {e.EventId} {e.EventType} (failed {flakyFailures.GetValueOrDefault(e.EventId)} times)");
            }
        }

        foreach (var (observer, deliveries) in new[] { (EventFiles.Recorder, delivered), (EventFiles.Flaky, flakyAccepted) })
        {
            foreach (var group in deliveries.GroupBy(d => d.EventId, StringComparer.Ordinal))
            {
                var contents = group.Select(d => d.Content).Distinct(StringComparer.Ordinal).ToList();
                if (!stored.TryGetValue(group.Key, out var e))
                {
                    undelivered++;
                    evidence.AppendLine(CultureInfo.InvariantCulture, $"EVENT DELIVERED BUT NOT IN THE OUTBOX to {observer} {group.Key}: {contents[0]}");
                }
                else if (contents.Count > 1 || group.First().PaymentKey != e.PaymentKey || group.First().Type != e.EventType)
                {
                    mismatches++;
                    evidence.AppendLine(CultureInfo.InvariantCulture, $"EVENT ID WITH TWO CONTENTS to {observer} {group.Key}: {string.Join(" | ", contents)} (outbox: {e.PaymentKey} {e.EventType})");
                }
            }

            outOfOrder += CheckOrder(observer, deliveries, evidence);
        }

        var lettered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var letter in deadLetters)
        {
            lettered.Add(letter.Event.EventId);
            if (letter.Subscription != EventFiles.Flaky || !EventFiles.PlannedDeadLetter(seed, letter.Event.EventId))
            {
                deadLetterMismatches++;
                evidence.AppendLine(CultureInfo.InvariantCulture, $"UNEXPECTED DEAD LETTER {letter.Subscription} {letter.Event.EventId} after {letter.Attempts} attempts: {letter.LastError}");
            }
        }

        foreach (var e in outbox.Where(e => EventFiles.PlannedDeadLetter(seed, e.EventId) && !lettered.Contains(e.EventId)))
        {
            deadLetterMismatches++;
            evidence.AppendLine(CultureInfo.InvariantCulture, $"DEAD LETTER MISSING {EventFiles.Flaky} {e.EventId} (failed {flakyFailures.GetValueOrDefault(e.EventId)} times)");
        }

        var distinct = recorded.Count;
        return new EventCheck
        {
            Stored = outbox.Count,
            Delivered = distinct,
            Redeliveries = delivered.Count - distinct,
            RedeliveredAfterKill = recorded.Count(g => g.Select(d => d.Process).Distinct().Skip(1).Any()),
            FlakyFailures = flakyFailures.Values.Sum(),
            DeadLetters = deadLetters.Count,
            SuccessMissing = successMissing,
            Undelivered = undelivered,
            ContentMismatches = mismatches,
            OutOfOrder = outOfOrder,
            DeadLetterMismatches = deadLetterMismatches,
        };
    }

    /// <summary>Per payment, the first delivery of each of its events must come in ascending (version, index) of the ids.</summary>
    private static int CheckOrder(string observer, IReadOnlyList<Delivery> deliveries, StringBuilder evidence)
    {
        var problems = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var last = new Dictionary<string, (long Version, long Index, string Id)>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in deliveries)
        {
            if (!seen.Add(d.EventId))
            {
                continue; // a redelivery: only first deliveries are ordered
            }

            var order = Order(d.EventId);
            if (last.TryGetValue(d.PaymentKey, out var before) && (order.Version, order.Index).CompareTo((before.Version, before.Index)) <= 0
                && reported.Add(d.PaymentKey))
            {
                problems++;
                evidence.AppendLine(CultureInfo.InvariantCulture, $"EVENTS OUT OF ORDER to {observer} {d.PaymentKey}: {d.EventId} first delivered after {before.Id}");
            }

            last[d.PaymentKey] = (order.Version, order.Index, d.EventId);
        }

        return problems;
    }

    /// <summary>The (version, index) of a stored event's id <c>{payment key}/{version}/{index}</c>; (-1, -1) when it is not one.</summary>
    internal static (long Version, long Index) Order(string eventId)
    {
        var second = eventId.LastIndexOf('/');
        var first = second > 0 ? eventId.LastIndexOf('/', second - 1) : -1;
        return first >= 0
            && long.TryParse(eventId.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && long.TryParse(eventId.AsSpan(second + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (version, index)
            : (-1, -1);
    }
}
