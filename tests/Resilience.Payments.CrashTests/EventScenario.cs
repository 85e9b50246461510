using System.Text;

namespace Resilience.Payments.CrashTests;

/// <summary>
/// One round's events as the event audit sees them, all well by default: payment k-0 succeeded and was refunded in full; its four
/// outbox events reached the recording observer (the last one again, from the next process, after a kill) and the flaky observer.
/// A test breaks one thing and checks the audit sees it.
/// </summary>
internal sealed class EventScenario
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    public EventScenario(bool plannedDeadLetter = false)
    {
        Outbox =
        [
            Stored("k-0/1/0", "payment.status_changed"),
            Stored("k-0/2/0", "payment.status_changed"),
            Stored("k-0/3/0", "refund.status_changed"),
            Stored("k-0/4/0", "refund.status_changed"),
        ];

        // A seed under which the flaky observer accepts every event but (when asked) the last, which it always fails.
        Seed = Enumerable.Range(1, 100_000).First(seed =>
            Outbox.Take(3).All(e => !EventFiles.PlannedDeadLetter(seed, e.EventId))
            && EventFiles.PlannedDeadLetter(seed, Outbox[3].EventId) == plannedDeadLetter);

        Delivered =
        [
            new("k-0/1/0", "k-0", "payment.status_changed", "Processing", "-", "-", 1),
            new("k-0/2/0", "k-0", "payment.status_changed", "Succeeded", "Processing", "-", 1),
            new("k-0/3/0", "k-0", "refund.status_changed", "Pending", "-", "k-0:r1", 1),
            new("k-0/4/0", "k-0", "refund.status_changed", "Succeeded", "Pending", "k-0:r1", 1),
            new("k-0/4/0", "k-0", "refund.status_changed", "Succeeded", "Pending", "k-0:r1", 2),
        ];
        Flaky = Delivered.Take(plannedDeadLetter ? 3 : 4).ToList();
        DeadLetters = plannedDeadLetter ? [Letter(EventFiles.Flaky, Outbox[3])] : [];
    }

    public int Seed { get; }

    public List<StoredPaymentEvent> Outbox { get; }

    public List<Delivery> Delivered { get; }

    public List<Delivery> Flaky { get; }

    public List<DeadLetteredEvent> DeadLetters { get; }

    public StringBuilder Evidence { get; } = new();

    public static DeadLetteredEvent Letter(string subscription, StoredPaymentEvent stored) =>
        new() { Subscription = subscription, Event = stored, Attempts = EventFiles.MaxAttempts, LastError = "InvalidOperationException: flaky", DeadLetteredAt = Now };

    public EventCheck Check() => CrashChecker.CheckEvents(
        Seed,
        new Dictionary<string, PaymentRecord>(StringComparer.Ordinal) { ["k-0"] = Record() },
        Outbox,
        Delivered,
        Flaky,
        new Dictionary<string, int>(StringComparer.Ordinal),
        DeadLetters,
        Evidence);

    private static StoredPaymentEvent Stored(string id, string type) =>
        new() { EventId = id, PaymentKey = "k-0", EventType = type, OccurredAt = Now, Payload = "{}" };

    private static PaymentRecord Record() => new()
    {
        Key = "k-0",
        Fingerprint = "f",
        Request = new PaymentRequest { IdempotencyKey = "k-0", Amount = Money.Kes(100), Instruments = [PaymentInstrument.MobileMoney("+254712345678")], AccountReference = "INV-0" },
        Status = PaymentStatus.Succeeded,
        Version = 4,
        Attempts =
        [
            new PaymentAttempt
            {
                Number = 1, Reference = "k-0-1", Provider = "alpha", Instrument = PaymentInstrument.MobileMoney("+254712345678"), StartedAt = Now, Outcome = OutcomeKind.Succeeded,
            },
        ],
        Refunds =
        [
            new PaymentRefund
            {
                Key = "k-0:r1", Reference = "ref-1", AttemptNumber = 1, Provider = "alpha", Amount = Money.Kes(100), Status = RefundStatus.Succeeded, CreatedAt = Now, UpdatedAt = Now,
            },
        ],
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
