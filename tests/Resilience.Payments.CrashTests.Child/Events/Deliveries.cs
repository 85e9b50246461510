namespace Resilience.Payments.CrashTests.Child;

/// <summary>Turns an event an observer is given into the line it writes.</summary>
internal static class Deliveries
{
    /// <summary>The delivery of <paramref name="paymentEvent"/> by this process.</summary>
    /// <exception cref="InvalidOperationException">The event is not a stored status change (the outbox delivers nothing else).</exception>
    public static Delivery Of(PaymentEvent paymentEvent) => paymentEvent switch
    {
        PaymentStatusChangedEvent e => new Delivery(
            e.EventId, e.Payment.IdempotencyKey, "payment.status_changed", e.Payment.Status.ToString(), e.PreviousStatus?.ToString() ?? "-", "-", Environment.ProcessId),
        RefundStatusChangedEvent e => new Delivery(
            e.EventId, e.Refund.PaymentKey, "refund.status_changed", e.Refund.Status.ToString(), e.PreviousStatus?.ToString() ?? "-", e.Refund.RefundKey, Environment.ProcessId),
        _ => throw new InvalidOperationException($"unexpected event {paymentEvent.GetType().Name}"),
    };
}
