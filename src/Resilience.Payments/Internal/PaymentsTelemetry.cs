using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Resilience.Payments.Internal;

/// <summary>
/// The gateway's meter and activity source. Metric tags carry only provider names, statuses and outcome classes; trace
/// tags also carry the payment key and attempt reference. Neither ever carries a phone number, a token or a secret.
/// </summary>
internal sealed class PaymentsTelemetry : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(PaymentTelemetry.ActivitySourceName);

    private readonly Meter _meter;
    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _breakerRejections;
    private readonly Counter<long> _replays;
    private readonly Counter<long> _mismatches;
    private readonly Counter<long> _extraCharges;
    private readonly Counter<long> _refundStatusChanges;
    private readonly Counter<long> _possibleDuplicates;
    private readonly Histogram<double> _attemptDuration;
    private readonly object _queueGate = new();
    private IReadOnlyDictionary<PaymentStatus, int> _counts = new Dictionary<PaymentStatus, int>();

    public PaymentsTelemetry(IMeterFactory? meterFactory, Func<IReadOnlyList<ProviderHealth>> health)
    {
        _meter = meterFactory?.Create(PaymentTelemetry.MeterName) ?? new Meter(PaymentTelemetry.MeterName);
        _statusChanges = _meter.CreateCounter<long>("resilience.payments.status_changes", "{change}", "Payment status changes, by new status and provider.");
        _attempts = _meter.CreateCounter<long>("resilience.payments.attempts", "{attempt}", "Provider attempts, by provider and outcome class.");
        _failovers = _meter.CreateCounter<long>("resilience.payments.failovers", "{failover}", "Moves from one (provider, instrument) candidate to the next after a not-processed outcome.");
        _breakerRejections = _meter.CreateCounter<long>("resilience.payments.breaker_rejections", "{rejection}", "Candidates skipped because the provider's circuit was open.");
        _replays = _meter.CreateCounter<long>("resilience.payments.idempotent_replays", "{request}", "Requests answered from an existing payment with the same key.");
        _mismatches = _meter.CreateCounter<long>("resilience.payments.amount_mismatches", "{report}", "Reported successes whose amount, currency or payer did not match the attempt (never counted as paid).");
        _extraCharges = _meter.CreateCounter<long>("resilience.payments.extra_charges", "{charge}", "Second charges of one payment (a late success after another attempt had succeeded), by provider.");
        _refundStatusChanges = _meter.CreateCounter<long>("resilience.payments.refund_status_changes", "{change}", "Refund status changes, by new status and provider (Processing counts refunds started).");
        _possibleDuplicates = _meter.CreateCounter<long>("resilience.payments.possible_duplicates", "{payment}", "Succeeded payments with the same account reference and amount as another within the window.");
        _attemptDuration = _meter.CreateHistogram<double>("resilience.payments.attempt.duration", "s", "Duration of provider initiations.");
        _meter.CreateObservableGauge("resilience.payments.circuit.state", () => ObserveCircuits(health), "{state}", "Circuit state per provider: 0 closed, 1 open, 2 half-open, 3 isolated.");
        _meter.CreateObservableGauge("resilience.payments.queue.depth", ObserveQueue, "{payment}", "Payments per non-final status, as last counted by the workers.");
    }

    // Every recording first checks that someone listens: with no listener a payment pays for no tag or string.
    public bool AttemptsEnabled => _attempts.Enabled || _attemptDuration.Enabled;

    public void StatusChanged(PaymentStatus status, string? provider)
    {
        if (_statusChanges.Enabled)
        {
            _statusChanges.Add(1, new KeyValuePair<string, object?>("status", status.ToString()), new KeyValuePair<string, object?>("provider", provider ?? "none"));
        }
    }

    public void Attempt(string provider, OutcomeKind outcome, TimeSpan duration)
    {
        if (!AttemptsEnabled)
        {
            return;
        }

        var providerTag = new KeyValuePair<string, object?>("provider", provider);
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome.ToString());
        _attempts.Add(1, providerTag, outcomeTag);
        _attemptDuration.Record(duration.TotalSeconds, providerTag, outcomeTag);
    }

    public void Failover(string from)
    {
        if (_failovers.Enabled)
        {
            _failovers.Add(1, new KeyValuePair<string, object?>("from", from));
        }
    }

    public void BreakerRejection(string provider)
    {
        if (_breakerRejections.Enabled)
        {
            _breakerRejections.Add(1, new KeyValuePair<string, object?>("provider", provider));
        }
    }

    public void AmountMismatch(string provider, OutcomeSource source) =>
        _mismatches.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("source", source.ToString()));

    public void RefundStatusChanged(RefundStatus status, string provider) =>
        _refundStatusChanges.Add(1, new KeyValuePair<string, object?>("status", status.ToString()), new KeyValuePair<string, object?>("provider", provider));

    public void PossibleDuplicate() => _possibleDuplicates.Add(1);

    public void ExtraCharge(string provider) => _extraCharges.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public void Replay()
    {
        if (_replays.Enabled)
        {
            _replays.Add(1);
        }
    }

    public void SetCounts(IReadOnlyDictionary<PaymentStatus, int> counts)
    {
        lock (_queueGate)
        {
            _counts = counts;
        }
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<int>> ObserveCircuits(Func<IReadOnlyList<ProviderHealth>> health)
    {
        foreach (var provider in health())
        {
            yield return new Measurement<int>((int)provider.CircuitState, new KeyValuePair<string, object?>("provider", provider.Provider));
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueue()
    {
        IReadOnlyDictionary<PaymentStatus, int> counts;
        lock (_queueGate)
        {
            counts = _counts;
        }

        foreach (var (status, count) in counts)
        {
            if (!status.IsFinal())
            {
                yield return new Measurement<int>(count, new KeyValuePair<string, object?>("status", status.ToString()));
            }
        }
    }
}
