using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience.Payments.LoadTest;

/// <summary>
/// Follows Daraja's circuit (from the gateway's <see cref="ProviderCircuitChangedEvent"/>s) and every HTTP request the Daraja
/// adapter sends (from <see cref="CountingHandler"/>). Each call the gateway lets through to the adapter is stamped by
/// <see cref="ObservedProvider"/> with the circuit state at that instant, so a request sent after the circuit opened is
/// classified by why it was let through: while still closed (in flight at opening), as a half-open probe, or while open (a leak).
/// </summary>
internal sealed class DarajaTracker : IPaymentEventObserver
{
    private const string Provider = "mpesa";
    private readonly AsyncLocal<ProviderCircuitState?> _admittedAs = new();
    private readonly object _gate = new();
    private readonly List<string> _transitions = [];
    private volatile int _state = (int)ProviderCircuitState.Closed;
    private long _downAt;
    private long _openedAt;
    private bool _stopped;
    private long _afterDown;
    private long _beforeOpen;
    private long _inFlightAtOpening;
    private long _probes;
    private long _leaked;

    /// <summary>Notes the circuit state as the gateway lets a Daraja call through.</summary>
    public void Admitted() => _admittedAs.Value = (ProviderCircuitState)_state;

    /// <summary>Marks the instant Daraja goes down.</summary>
    public void MarkDown() => Interlocked.Exchange(ref _downAt, Stopwatch.GetTimestamp());

    /// <summary>Stops counting (the end of the outage phase).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
    }

    /// <summary>Counts one HTTP request of the Daraja adapter.</summary>
    public void Sent()
    {
        lock (_gate)
        {
            if (_stopped || _downAt == 0)
            {
                return;
            }

            _afterDown++;
            if (_openedAt == 0)
            {
                _beforeOpen++;
                return;
            }

            switch (_admittedAs.Value)
            {
                case ProviderCircuitState.HalfOpen:
                    _probes++;
                    break;
                case ProviderCircuitState.Open or ProviderCircuitState.Isolated:
                    _leaked++;
                    break;
                default:
                    _inFlightAtOpening++;
                    break;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        if (paymentEvent is ProviderCircuitChangedEvent { Provider: Provider } changed)
        {
            _state = (int)changed.State;
            lock (_gate)
            {
                if (_downAt != 0 && !_stopped)
                {
                    var since = Stopwatch.GetElapsedTime(_downAt).TotalMilliseconds;
                    _transitions.Add(string.Create(CultureInfo.InvariantCulture, $"{since:0.0} ms: {changed.State}"));
                    if (changed.State == ProviderCircuitState.Open && _openedAt == 0)
                    {
                        _openedAt = Stopwatch.GetTimestamp();
                    }
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The outage phase's failover figures.</summary>
    public FailoverReport Report(PhaseReport payments, IReadOnlyDictionary<string, long> statuses)
    {
        lock (_gate)
        {
            long paystack = 0;
            foreach (var (status, count) in statuses)
            {
                if (status.EndsWith(" via paystack", StringComparison.Ordinal))
                {
                    paystack += count;
                }
            }

            return new FailoverReport
            {
                Payments = payments,
                Statuses = statuses,
                ServedByPaystack = paystack,
                TimeToBreakerOpenMs = _openedAt == 0 ? null : Math.Round(Stopwatch.GetElapsedTime(_downAt, _openedAt).TotalMilliseconds, 3),
                DarajaRequestsAfterDown = _afterDown,
                DarajaRequestsBeforeOpen = _beforeOpen,
                InFlightAtOpening = _inFlightAtOpening,
                HalfOpenProbes = _probes,
                LeakedPastOpenBreaker = _leaked,
                DarajaCircuit = _transitions.ToArray(),
            };
        }
    }
}

/// <summary>The Daraja adapter as the gateway sees it, stamping each call the breaker lets through (<see cref="DarajaTracker.Admitted"/>).</summary>
internal sealed class ObservedProvider(IPaymentProvider inner, DarajaTracker tracker) : IPaymentProvider
{
    public string Name => inner.Name;

    public ProviderCapabilities Capabilities => inner.Capabilities;

    public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        tracker.Admitted();
        return inner.InitiateAsync(request, cancellationToken);
    }

    public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) =>
        inner.QueryStatusAsync(request, cancellationToken);
}

/// <summary>A handler on the Daraja adapter's <see cref="HttpClient"/>: every request it sends is counted by the tracker.</summary>
internal sealed class CountingHandler(DarajaTracker tracker) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        tracker.Sent();
        return base.SendAsync(request, cancellationToken);
    }
}
