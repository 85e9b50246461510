namespace Resilience.Payments.CrashTests.Child;

/// <summary>
/// A second observer that throws on its first calls of some events (<see cref="EventFiles.PlannedFailures"/>, seeded), counting its
/// failures in a file so that the count carries across restarts: retried with backoff, and dead-lettered when it always throws.
/// </summary>
internal sealed class FlakyObserver : IPaymentEventObserver
{
    private readonly string _path;
    private readonly int _seed;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _failures;

    public FlakyObserver(string directory, int seed)
    {
        _path = EventFiles.FlakyPath(directory);
        _seed = seed;
        _failures = EventFiles.ReadFlaky(directory).Failures;
    }

    public string Name => EventFiles.Flaky;

    public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (paymentEvent is not (PaymentStatusChangedEvent or RefundStatusChangedEvent))
        {
            // Published in process only (circuit changes, extra charges, attention, possible duplicates): not what is under test.
            return ValueTask.CompletedTask;
        }

        var delivery = Deliveries.Of(paymentEvent);
        lock (_gate)
        {
            var failed = _failures.GetValueOrDefault(delivery.EventId);
            if (failed < EventFiles.PlannedFailures(_seed, delivery.EventId))
            {
                LedgerFiles.AppendDurably(_path, $"{delivery.EventId}\tfail\t{delivery.Process}");
                _failures[delivery.EventId] = failed + 1;
                throw new InvalidOperationException($"flaky observer: planned failure {failed + 1} of {delivery.EventId}");
            }

            var line = EventFiles.Line(delivery);
            LedgerFiles.AppendDurably(_path, line.Insert(line.IndexOf('\t', StringComparison.Ordinal), "\tok"));
        }

        return ValueTask.CompletedTask;
    }
}
