using System.Collections.Concurrent;
using System.Globalization;
using Resilience.Payments;

namespace CountyParking.Simulation;

/// <summary>Live progress: the latest status of every payment, from the gateway's events and the callers' results.</summary>
public sealed class ProgressObserver : IPaymentEventObserver
{
    private readonly ConcurrentDictionary<string, PaymentStatus> _status = new(StringComparer.Ordinal);
    private int _submitted;
    private int _possibleDuplicates;
    private int _extraCharges;

    public int SubmittedCount => Volatile.Read(ref _submitted);

    public void Submitted() => Interlocked.Increment(ref _submitted);

    /// <summary>Gets how many PossibleDuplicatePaymentEvents the gateway raised (the same bill paid under two keys).</summary>
    public int PossibleDuplicates => Volatile.Read(ref _possibleDuplicates);

    /// <summary>Gets how many PaymentExtraChargeEvents the gateway raised (a late success after failover).</summary>
    public int ExtraCharges => Volatile.Read(ref _extraCharges);

    public void Seen(string key, PaymentStatus status) => _status.AddOrUpdate(key, status, (_, old) => old.IsFinal() && !status.IsFinal() ? old : status);

    public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        switch (paymentEvent)
        {
            case PaymentStatusChangedEvent change:
                _status[change.Payment.IdempotencyKey] = change.Payment.Status;
                break;
            case PossibleDuplicatePaymentEvent:
                Interlocked.Increment(ref _possibleDuplicates);
                break;
            case PaymentExtraChargeEvent:
                Interlocked.Increment(ref _extraCharges);
                break;
        }

        return ValueTask.CompletedTask;
    }

    public int Count(PaymentStatus status) => _status.Values.Count(s => s == status);

    public string Line(TimeSpan elapsed, int total, IPaymentGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var counts = _status.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        int N(PaymentStatus s) => counts.TryGetValue(s, out var n) ? n : 0;
        var circuits = string.Join(" ", gateway.GetProviderHealth().Select(h => $"{h.Provider}:{h.CircuitState.ToString().ToLowerInvariant()}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"  t={elapsed.TotalSeconds,5:0.0}s  {SubmittedCount,5}/{total} paid-in: ok {N(PaymentStatus.Succeeded),5}  pending {N(PaymentStatus.Pending) + N(PaymentStatus.ActionRequired) + N(PaymentStatus.Processing),4}  queued {N(PaymentStatus.Queued),4}  declined {N(PaymentStatus.Declined),3}  failed {N(PaymentStatus.Failed),3}  | {circuits}");
    }
}
