using System.Globalization;

namespace Resilience.Payments.CrashTests;

/// <summary>
/// What the child's event observers wrote, as append-only files outside the child process (fsynced before the observer returns),
/// and the flaky observer's failure plan: shared by the child (which delivers) and the checker (which audits).
/// </summary>
internal static class EventFiles
{
    /// <summary>The recording observer's subscription name: it never fails.</summary>
    public const string Recorder = "crash-recorder";

    /// <summary>The flaky observer's subscription name: it fails its first <see cref="PlannedFailures"/> calls of an event.</summary>
    public const string Flaky = "crash-flaky";

    /// <summary>The child's <see cref="PaymentEventDeliveryOptions.MaxAttempts"/>: an event failed this often is dead-lettered.</summary>
    public const int MaxAttempts = 3;

    /// <summary>What <see cref="PlannedFailures"/> answers for an event the flaky observer never accepts.</summary>
    public const int Always = int.MaxValue;

    /// <summary>Deliveries to the recording observer: event id, payment key, type, status, previous status, refund key, process id.</summary>
    public static string DeliveredPath(string directory) => Path.Combine(directory, "events.log");

    /// <summary>The flaky observer's calls: event id, <c>fail</c> and the process id, or <c>ok</c> and the content as in <see cref="DeliveredPath"/>.</summary>
    public static string FlakyPath(string directory) => Path.Combine(directory, "events-flaky.log");

    /// <summary>
    /// How many times the flaky observer throws for an event before it accepts it, counted over every run (a pure function of
    /// the round's seed and the event id): 0 for most, 1 or 2 for some (retried with backoff, across restarts too), and
    /// <see cref="Always"/> for a few (dead-lettered after <see cref="MaxAttempts"/>).
    /// </summary>
    public static int PlannedFailures(int seed, string eventId)
    {
        var roll = Hash(seed, eventId) % 100;
        return roll switch
        {
            < 88 => 0,
            < 94 => 1,
            < 98 => 2,
            _ => Always,
        };
    }

    /// <summary>Gets whether the flaky observer was made to fail <paramref name="eventId"/> past <see cref="MaxAttempts"/>.</summary>
    public static bool PlannedDeadLetter(int seed, string eventId) => PlannedFailures(seed, eventId) >= MaxAttempts;

    /// <summary>One delivery's line: what an observer was given, and by which process.</summary>
    public static string Line(Delivery delivery) => string.Join(
        '\t',
        delivery.EventId,
        delivery.PaymentKey,
        delivery.Type,
        delivery.Status,
        delivery.Previous,
        delivery.RefundKey,
        delivery.Process.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads the recording observer's deliveries, in the order they were written (torn lines skipped).</summary>
    public static List<Delivery> ReadDelivered(string directory) =>
        LedgerFiles.ReadLines(DeliveredPath(directory)).Where(f => f.Length >= 7).Select(Parse).ToList();

    /// <summary>
    /// Reads the flaky observer's accepted deliveries, its failure count per event id, and how many events it failed in one process
    /// and was given again by a later one (a retry across a restart).
    /// </summary>
    public static (List<Delivery> Accepted, Dictionary<string, int> Failures, int RetriedAfterRestart) ReadFlaky(string directory)
    {
        var accepted = new List<Delivery>();
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        var processes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var fields in LedgerFiles.ReadLines(FlakyPath(directory)))
        {
            if (fields.Length >= 3 && fields[1] == "fail")
            {
                failures[fields[0]] = failures.GetValueOrDefault(fields[0]) + 1;
                if (!processes.TryGetValue(fields[0], out var seen))
                {
                    processes[fields[0]] = seen = new HashSet<string>(StringComparer.Ordinal);
                }

                seen.Add(fields[2]);
            }
            else if (fields.Length >= 8 && fields[1] == "ok")
            {
                var delivery = Parse(fields[..1].Concat(fields[2..]).ToArray());
                accepted.Add(delivery);
                if (processes.TryGetValue(delivery.EventId, out var seen))
                {
                    seen.Add(fields[7]);
                }
            }
        }

        return (accepted, failures, processes.Values.Count(p => p.Count > 1));
    }

    private static Delivery Parse(string[] f) =>
        new(f[0], f[1], f[2], f[3], f[4], f[5], int.Parse(f[6], CultureInfo.InvariantCulture));

    // FNV-1a: stable across processes (string.GetHashCode is not).
    private static uint Hash(int seed, string text)
    {
        var hash = 2_166_136_261u ^ (uint)seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16_777_619u;
        }

        return hash;
    }
}

/// <summary>
/// One event as an observer was given it: its id, and its content (payment key, type, status after the change, previous status or
/// <c>-</c>, refund key or <c>-</c>), and the process that delivered it.
/// </summary>
internal sealed record Delivery(string EventId, string PaymentKey, string Type, string Status, string Previous, string RefundKey, int Process)
{
    /// <summary>Gets what one event id must always carry.</summary>
    public string Content => string.Join(' ', PaymentKey, Type, Status, Previous, RefundKey);
}
