using System.Collections.Concurrent;
using Resilience.Payments;

namespace CountyParking.Simulation;

/// <summary>
/// Issues a parking ticket for every succeeded payment, from the gateway's durable events: at least once (an event may come
/// twice, so a ticket is issued once per payment key), in order per payment, after restarts too. The audit checks every
/// succeeded payment got its ticket.
/// </summary>
public sealed class TicketOffice : IPaymentEventObserver
{
    private readonly ConcurrentDictionary<string, string> _tickets = new(StringComparer.Ordinal);
    private int _deliveries;

    /// <summary>Gets the checkpoint's name: stable across releases.</summary>
    public string Name => "county-parking-tickets";

    /// <summary>Gets the payment keys that have a ticket.</summary>
    public IReadOnlyCollection<string> Ticketed => _tickets.Keys.ToArray();

    /// <summary>Gets how many success events arrived, repeats included.</summary>
    public int Deliveries => Volatile.Read(ref _deliveries);

    public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (paymentEvent is PaymentStatusChangedEvent { Payment.Status: PaymentStatus.Succeeded } paid)
        {
            Interlocked.Increment(ref _deliveries);
            _tickets.TryAdd(paid.Payment.IdempotencyKey, paid.EventId); // issued once per payment, whatever the repeats
        }

        return ValueTask.CompletedTask;
    }
}
