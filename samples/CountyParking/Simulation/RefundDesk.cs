using System.Collections.Concurrent;
using CountyParking.Scenarios;
using Resilience.Payments;

namespace CountyParking.Simulation;

/// <summary>
/// The county's refund desk: asks the gateway for the refund of every paid motorist who cancels, once their payment succeeded, and
/// keeps what the gateway refused before storing anything (a <see cref="RefundRefusedException"/>, by <see cref="RefundRefusal"/>):
/// a provider whose adapter cannot refund yet, a store that cannot index refunds, a partial refund the provider does not take.
/// </summary>
public sealed class RefundDesk(IPaymentGateway gateway, Scenario scenario)
{
    private readonly ConcurrentDictionary<string, string> _asked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _refused = new(StringComparer.Ordinal);

    /// <summary>Gets the refunds refused before anything was stored, by refusal (and provider, for <see cref="RefundRefusal.ProviderCannotRefund"/>).</summary>
    public IReadOnlyDictionary<string, int> Refused => new SortedDictionary<string, int>(_refused, StringComparer.Ordinal);

    /// <summary>Gets how many refunds were asked for.</summary>
    public int Asked => _asked.Count;

    /// <summary>Asks for the motorist's refund when they cancel and the payment succeeded; asks at most once per payment per run.</summary>
    public async Task ConsiderAsync(PaymentResult payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.Status != PaymentStatus.Succeeded
            || Cancellations.For(scenario, payment.IdempotencyKey, payment.Amount) is not { } request
            || !_asked.TryAdd(payment.IdempotencyKey, request.RefundKey))
        {
            return;
        }

        try
        {
            await gateway.RefundAsync(request, cancellationToken);
        }
        catch (RefundRefusedException ex)
        {
            var why = ex.Refusal == RefundRefusal.ProviderCannotRefund ? $"{ex.Refusal} ({payment.Provider})" : ex.Refusal.ToString();
            _refused.AddOrUpdate(why, 1, (_, n) => n + 1);
        }
    }

    /// <summary>After the day: asks for the refunds of payments that succeeded only late (by a callback, the reconciler or the queue).</summary>
    public async Task CatchUpAsync(IReadOnlyList<PaymentRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records.Where(r => r.Status == PaymentStatus.Succeeded && !_asked.ContainsKey(r.Key)))
        {
            var payment = await gateway.GetAsync(record.Key, cancellationToken);
            if (payment is not null)
            {
                await ConsiderAsync(payment, cancellationToken);
            }
        }
    }
}
