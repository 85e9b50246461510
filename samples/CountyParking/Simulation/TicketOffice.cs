using System.Collections.Concurrent;
using System.Text;
using Resilience.Payments;

namespace CountyParking.Simulation;

/// <summary>
/// Issues a parking ticket for every succeeded payment, from the gateway's durable events: at least once (an event may come
/// twice, so a ticket is issued once per payment key), in order per payment, after restarts too. Its tickets are kept in a file
/// beside the store (written before an event is acknowledged, so a killed run's tickets are still there when it resumes); the
/// audit checks every succeeded payment got its ticket.
/// </summary>
public sealed class TicketOffice : IPaymentEventObserver, IDisposable
{
    private readonly ConcurrentDictionary<string, string> _tickets = new(StringComparer.Ordinal);
    private readonly FileStream? _file;
    private readonly Lock _gate = new();
    private int _deliveries;

    /// <summary>Creates the office; with <paramref name="path"/>, the tickets of an earlier (killed) run are read back and new ones appended.</summary>
    public TicketOffice(string? path = null)
    {
        if (path is null)
        {
            return;
        }

        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab > 0)
                {
                    _tickets.TryAdd(line[..tab], line[(tab + 1)..]); // a torn last line (the kill) has no tab
                }
            }
        }

        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>Gets the checkpoint's name: stable across releases.</summary>
    public string Name => "county-parking-tickets";

    /// <summary>Gets the payment keys that have a ticket.</summary>
    public IReadOnlyCollection<string> Ticketed => _tickets.Keys.ToArray();

    /// <summary>Gets how many success events arrived in this run, repeats included.</summary>
    public int Deliveries => Volatile.Read(ref _deliveries);

    public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (paymentEvent is PaymentStatusChangedEvent { Payment.Status: PaymentStatus.Succeeded } paid)
        {
            Interlocked.Increment(ref _deliveries);
            if (_tickets.TryAdd(paid.Payment.IdempotencyKey, paid.EventId) && _file is not null) // issued once per payment, whatever the repeats
            {
                var line = Encoding.UTF8.GetBytes(paid.Payment.IdempotencyKey + "\t" + paid.EventId + "\n");
                lock (_gate)
                {
                    _file.Write(line);
                    _file.Flush(); // to the operating system: survives the process being killed
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose() => _file?.Dispose();
}
