namespace Resilience.Payments.CrashTests.Child;

/// <summary>
/// The application's observer (the county issuing the parking ticket): writes each event it is given to a file outside the process and
/// fsyncs it before returning, so what it acknowledged survives the kill. A status change published in process (with a random id) would
/// be written too, and the checker would find it missing from the outbox.
/// </summary>
internal sealed class RecordingObserver(string directory, Action<string> trace) : IPaymentEventObserver
{
    private readonly Lock _gate = new();

    public string Name => EventFiles.Recorder;

    public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (paymentEvent is not (PaymentStatusChangedEvent or RefundStatusChangedEvent))
        {
            // Published in process only (circuit changes, extra charges, attention, possible duplicates): not what is under test.
            return ValueTask.CompletedTask;
        }

        // The token is not honoured: a handler that wrote its line has handled the event, the lease is the dispatcher's business.
        var delivery = Deliveries.Of(paymentEvent);
        lock (_gate)
        {
            LedgerFiles.AppendDurably(EventFiles.DeliveredPath(directory), EventFiles.Line(delivery));
        }

        trace($"delivered {delivery.EventId}"); // written, not yet checkpointed: a kill trigger
        return ValueTask.CompletedTask;
    }
}
