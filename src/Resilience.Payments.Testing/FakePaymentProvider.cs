using Resilience.Payments.Testing.Internal;

namespace Resilience.Payments.Testing;

/// <summary>
/// An in-process payment provider for tests, scripted per call (<see cref="Enqueue"/>), per time window
/// (<see cref="During(DateTimeOffset, DateTimeOffset, FakeBehavior, double)"/>) or by default (<see cref="Otherwise"/>). It keeps its own ledger of what it charged
/// (<see cref="Charges"/>), answers status queries from that ledger, and, like real providers, never charges one
/// attempt reference twice. Thread-safe.
/// </summary>
public sealed partial class FakePaymentProvider : IPaymentProvider, IRefundProvider
{
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly TimeProvider _time;
    private readonly Queue<FakeBehavior> _script = new();
    private readonly List<(DateTimeOffset From, DateTimeOffset Until, FakeBehavior Behavior, double Rate)> _windows = [];
    private readonly Dictionary<string, FakeAttempt> _attempts = new(StringComparer.Ordinal);
    private readonly List<FakeCharge> _charges = [];
    private readonly List<ProviderPaymentRequest> _requests = [];
    private FakeBehavior _default = FakeBehavior.Succeed();
    private bool _failStatusQueries;
    private int _statusQueries;
    private int _sequence;
    private Random _random = new(0);

    /// <summary>Creates a fake provider.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="capabilities">What it can charge; <see cref="DefaultCapabilities"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">Its clock, for latency and time windows; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public FakePaymentProvider(string name, ProviderCapabilities? capabilities = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Capabilities = capabilities ?? DefaultCapabilities;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets capabilities that take every instrument kind, both Kenyan networks, and KES, UGX, TZS and USD, without limits.</summary>
    public static ProviderCapabilities DefaultCapabilities { get; } = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney, InstrumentKind.Card, InstrumentKind.BankCheckout],
        Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
        Currencies = ["KES", "UGX", "TZS", "USD"],
    };

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <summary>Gets every charge made, in order.</summary>
    public IReadOnlyList<FakeCharge> Charges
    {
        get
        {
            lock (_gate)
            {
                return _charges.ToArray();
            }
        }
    }

    /// <summary>Gets every initiation received, in order (including repeats of one attempt reference).</summary>
    public IReadOnlyList<ProviderPaymentRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Gets how many status queries were received.</summary>
    public int StatusQueries => Volatile.Read(ref _statusQueries);

    /// <summary>Scripts the next initiations, one behaviour per call, before any window or default applies.</summary>
    /// <param name="behaviors">The behaviours, in order.</param>
    /// <returns>This provider.</returns>
    public FakePaymentProvider Enqueue(params FakeBehavior[] behaviors)
    {
        ArgumentNullException.ThrowIfNull(behaviors);
        lock (_gate)
        {
            foreach (var behavior in behaviors)
            {
                _script.Enqueue(behavior);
            }
        }

        return this;
    }

    /// <summary>Scripts a behaviour for initiations arriving from <paramref name="from"/> (inclusive) until <paramref name="until"/> (exclusive) on the provider's clock. Earlier windows win.</summary>
    /// <param name="from">The window's start.</param>
    /// <param name="until">The window's end.</param>
    /// <param name="behavior">The behaviour.</param>
    /// <returns>This provider.</returns>
    public FakePaymentProvider During(DateTimeOffset from, DateTimeOffset until, FakeBehavior behavior) => During(from, until, behavior, 1.0);

    /// <summary>
    /// Scripts a behaviour for a share (<paramref name="rate"/>, 0 to 1) of the initiations arriving in a window, drawn with the
    /// provider's seeded random source (see <see cref="UseSeed"/>). Earlier windows are considered first.
    /// </summary>
    /// <param name="from">The window's start.</param>
    /// <param name="until">The window's end.</param>
    /// <param name="behavior">The behaviour.</param>
    /// <param name="rate">The share of initiations affected.</param>
    /// <returns>This provider.</returns>
    public FakePaymentProvider During(DateTimeOffset from, DateTimeOffset until, FakeBehavior behavior, double rate)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        if (until <= from)
        {
            throw new ArgumentException("The window must end after it starts.", nameof(until));
        }

        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be between 0 and 1.");
        }

        lock (_gate)
        {
            _windows.Add((from, until, behavior, rate));
        }

        return this;
    }

    /// <summary>Seeds the random source that decides which initiations a partial-rate window affects. Default seed 0.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This provider.</returns>
    public FakePaymentProvider UseSeed(int seed)
    {
        lock (_gate)
        {
            _random = new Random(seed);
        }

        return this;
    }

    /// <summary>Sets the behaviour when no scripted call or window applies. Default <see cref="FakeBehavior.Succeed"/>.</summary>
    /// <param name="behavior">The behaviour.</param>
    /// <returns>This provider.</returns>
    public FakePaymentProvider Otherwise(FakeBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        lock (_gate)
        {
            _default = behavior;
        }

        return this;
    }

    /// <summary>Makes status queries answer Unknown (the provider's status service is down) until called with <see langword="false"/>.</summary>
    /// <param name="fail">Whether queries fail.</param>
    /// <returns>This provider.</returns>
    public FakePaymentProvider FailStatusQueries(bool fail = true)
    {
        Volatile.Write(ref _failStatusQueries, fail);
        return this;
    }

    /// <summary>Counts the charges made for one payment, across all its attempts.</summary>
    /// <param name="paymentKey">The payment's idempotency key.</param>
    /// <returns>The number of charges.</returns>
    public int ChargeCount(string paymentKey)
    {
        lock (_gate)
        {
            return _charges.Count(c => c.PaymentKey == paymentKey);
        }
    }

    /// <summary>
    /// Settles an accepted (Pending or ActionRequired) attempt, as the payer approving or refusing would, and returns
    /// the callback the provider would send, ready for <see cref="IPaymentGateway.ApplyProviderUpdateAsync"/>.
    /// </summary>
    /// <param name="attemptReference">The attempt.</param>
    /// <param name="success">Whether the payer approved (the provider charges).</param>
    /// <param name="declineCode">The decline code when not approved.</param>
    /// <returns>The callback.</returns>
    /// <exception cref="InvalidOperationException">The attempt is unknown or not waiting for the payer.</exception>
    public ProviderUpdate Complete(string attemptReference, bool success = true, string declineCode = "1032")
    {
        lock (_gate)
        {
            if (!_attempts.TryGetValue(attemptReference, out var state) || state.Status is not (FakeAttemptStatus.Pending or FakeAttemptStatus.ActionRequired))
            {
                throw new InvalidOperationException($"Attempt {attemptReference} is not waiting for the payer at {Name}.");
            }

            ProviderOutcome outcome;
            if (success)
            {
                var receipt = Charge(state.Request);
                state.Status = FakeAttemptStatus.Charged;
                state.Receipt = receipt;
                outcome = ProviderOutcome.Succeeded(receipt, state.ProviderReference) with { Amount = state.Request.Amount };
            }
            else
            {
                state.Status = FakeAttemptStatus.Declined;
                state.Code = declineCode;
                outcome = ProviderOutcome.Declined(declineCode, "the payer declined", state.ProviderReference);
            }

            // The fake stands for a provider whose callbacks are signed and keyed by the attempt's reference: the attempt is verified.
            return new ProviderUpdate { Provider = Name, AttemptReference = attemptReference, ProviderReference = state.ProviderReference, Outcome = outcome, AttemptVerified = true };
        }
    }

    /// <inheritdoc />
    public async Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        FakeBehavior behavior;
        lock (_gate)
        {
            _requests.Add(request);
            if (_attempts.TryGetValue(request.AttemptReference, out var known))
            {
                // Like a real provider: a repeated reference is answered from its record, never charged again.
                return known.ToOutcome();
            }

            behavior = Choose();
        }

        if (behavior.Latency > TimeSpan.Zero)
        {
            await Task.Delay(behavior.Latency, _time, cancellationToken).ConfigureAwait(false);
        }

        switch (behavior.Kind)
        {
            case FakeBehaviorKind.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
                throw new OperationCanceledException(cancellationToken);
            case FakeBehaviorKind.ChargeThenHang:
                Record(request, FakeAttemptStatus.Charged, charge: true);
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
                throw new OperationCanceledException(cancellationToken);
            case FakeBehaviorKind.Throw:
                throw new InvalidOperationException(behavior.Reason);
            case FakeBehaviorKind.NotProcessed:
                return ProviderOutcome.NotProcessed(behavior.Reason ?? "not processed", behavior.Code);
            case FakeBehaviorKind.Unknown:
                return ProviderOutcome.Unknown(behavior.Reason ?? "unknown");
            case FakeBehaviorKind.ChargeThenUnknown:
                Record(request, FakeAttemptStatus.Charged, charge: true);
                return ProviderOutcome.Unknown(behavior.Reason ?? "unknown");
            case FakeBehaviorKind.Succeed:
                return Record(request, FakeAttemptStatus.Charged, charge: true).ToOutcome();
            case FakeBehaviorKind.Accept:
                return Record(request, FakeAttemptStatus.Pending, charge: false).ToOutcome();
            case FakeBehaviorKind.AcceptAndCharge:
                var state = Record(request, FakeAttemptStatus.Charged, charge: true);
                return ProviderOutcome.Pending(state.ProviderReference, "accepted");
            case FakeBehaviorKind.Decline:
                var declined = Record(request, FakeAttemptStatus.Declined, charge: false);
                declined.Code = behavior.Code;
                declined.Reason = behavior.Reason;
                return declined.ToOutcome();
            case FakeBehaviorKind.RequireAction:
                var action = Record(request, FakeAttemptStatus.ActionRequired, charge: false);
                action.RedirectUrl = behavior.RedirectUrl;
                return action.ToOutcome();
            default:
                throw new InvalidOperationException($"Unknown behaviour {behavior.Kind}.");
        }
    }

    /// <inheritdoc />
    public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _statusQueries);
        if (Volatile.Read(ref _failStatusQueries))
        {
            return Task.FromResult(ProviderOutcome.Unknown("status service unavailable", "503"));
        }

        lock (_gate)
        {
            return Task.FromResult(
                _attempts.TryGetValue(request.AttemptReference, out var state)
                    ? state.ToOutcome()
                    : ProviderOutcome.NotProcessed("no such transaction", "not-found"));
        }
    }

    private FakeBehavior Choose()
    {
        if (_script.TryDequeue(out var scripted))
        {
            return scripted;
        }

        var now = _time.GetUtcNow();
        foreach (var (from, until, behavior, rate) in _windows)
        {
            if (now >= from && now < until && (rate >= 1 || _random.NextDouble() < rate))
            {
                return behavior;
            }
        }

        return _default;
    }

    private FakeAttempt Record(ProviderPaymentRequest request, FakeAttemptStatus status, bool charge)
    {
        lock (_gate)
        {
            if (_attempts.TryGetValue(request.AttemptReference, out var existing))
            {
                return existing; // a concurrent duplicate of the same reference: never charge twice
            }

            var state = new FakeAttempt(request, string.Create(CultureInfo.InvariantCulture, $"{Name}-ref-{++_sequence}")) { Status = status };
            if (charge)
            {
                state.Receipt = Charge(request);
            }

            _attempts[request.AttemptReference] = state;
            return state;
        }
    }

    private string Charge(ProviderPaymentRequest request)
    {
        var receipt = string.Create(CultureInfo.InvariantCulture, $"{Name.ToUpperInvariant()}-R{_charges.Count + 1:D6}");
        _charges.Add(new FakeCharge(Name, request.PaymentKey, request.AttemptReference, request.Amount, receipt, _time.GetUtcNow()));
        return receipt;
    }
}
