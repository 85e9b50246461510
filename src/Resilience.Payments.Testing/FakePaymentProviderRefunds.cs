using Resilience.Payments.Testing.Internal;

namespace Resilience.Payments.Testing;

// The refund side of the fake (IRefundProvider): scripted like payments, with the same behaviours read for a refund ("charge" means
// "give the money back"), its own ledger, and a real provider's refusal of a refund beyond what the charge has left.
public sealed partial class FakePaymentProvider
{
    private readonly Queue<FakeBehavior> _refundScript = new();
    private readonly Dictionary<string, RefundState> _refundStates = new(StringComparer.Ordinal);
    private readonly List<FakeRefund> _refunds = [];
    private readonly List<ProviderRefundRequest> _refundRequests = [];
    private FakeBehavior _refundDefault = FakeBehavior.Succeed();
    private int _refundQueries;

    /// <summary>Gets or sets what the fake can refund. Default: partial refunds, several per charge, synchronous.</summary>
    public RefundCapabilities RefundCapabilities { get; set; } = new() { Partial = true };

    /// <summary>Gets every refund made (money given back), in order.</summary>
    public IReadOnlyList<FakeRefund> Refunds
    {
        get
        {
            lock (_gate)
            {
                return [.. _refunds];
            }
        }
    }

    /// <summary>Gets every refund request received, in order (repeats of one reference included).</summary>
    public IReadOnlyList<ProviderRefundRequest> RefundRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _refundRequests];
            }
        }
    }

    /// <summary>Gets how many refund status queries were answered.</summary>
    public int RefundQueries => Volatile.Read(ref _refundQueries);

    /// <summary>Queues behaviours for the next refund requests, in order (see <see cref="FakeBehaviorKind"/>, read for a refund).</summary>
    /// <param name="behaviors">The behaviours.</param>
    /// <returns>This provider.</returns>
    public FakePaymentProvider EnqueueRefunds(params FakeBehavior[] behaviors)
    {
        ArgumentNullException.ThrowIfNull(behaviors);
        lock (_gate)
        {
            foreach (var behavior in behaviors)
            {
                _refundScript.Enqueue(behavior);
            }
        }

        return this;
    }

    /// <summary>Sets the behaviour of refunds with nothing queued. Default <see cref="FakeBehavior.Succeed"/>.</summary>
    /// <param name="behavior">The behaviour.</param>
    /// <returns>This provider.</returns>
    public FakePaymentProvider OtherwiseRefund(FakeBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        lock (_gate)
        {
            _refundDefault = behavior;
        }

        return this;
    }

    /// <summary>Settles a refund that was accepted (<see cref="FakeBehaviorKind.Accept"/>), and returns the callback the provider would send.</summary>
    /// <param name="refundReference">The refund reference the gateway sent.</param>
    /// <param name="success"><see langword="true"/> to give the money back, <see langword="false"/> to reject it.</param>
    /// <returns>The report for <see cref="IPaymentGateway.ApplyRefundUpdateAsync"/>.</returns>
    public RefundUpdate CompleteRefund(string refundReference, bool success = true)
    {
        lock (_gate)
        {
            if (!_refundStates.TryGetValue(refundReference, out var state))
            {
                throw new InvalidOperationException($"No refund with reference {refundReference}.");
            }

            if (state.Status == FakeAttemptStatus.Pending)
            {
                if (success)
                {
                    MoveRefund(state);
                }
                else
                {
                    state.Status = FakeAttemptStatus.Declined;
                }
            }

            return new RefundUpdate { Provider = Name, RefundReference = refundReference, ProviderReference = state.ProviderReference, Outcome = state.ToOutcome() };
        }
    }

    /// <inheritdoc />
    public async Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        FakeBehavior behavior;
        lock (_gate)
        {
            _refundRequests.Add(request);
            if (_refundStates.TryGetValue(request.RefundReference, out var known))
            {
                return known.ToOutcome(); // a repeated reference is answered from its record, never refunded again
            }

            behavior = _refundScript.TryDequeue(out var scripted) ? scripted : _refundDefault;
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
                RecordRefund(request, FakeAttemptStatus.Charged);
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
                throw new OperationCanceledException(cancellationToken);
            case FakeBehaviorKind.Throw:
                throw new InvalidOperationException(behavior.Reason);
            case FakeBehaviorKind.NotProcessed:
                return ProviderOutcome.NotProcessed(behavior.Reason ?? "not processed", behavior.Code);
            case FakeBehaviorKind.Unknown:
                return ProviderOutcome.Unknown(behavior.Reason ?? "unknown");
            case FakeBehaviorKind.ChargeThenUnknown:
                RecordRefund(request, FakeAttemptStatus.Charged);
                return ProviderOutcome.Unknown(behavior.Reason ?? "unknown");
            case FakeBehaviorKind.Succeed:
                return RecordRefund(request, FakeAttemptStatus.Charged).ToOutcome();
            case FakeBehaviorKind.Accept or FakeBehaviorKind.RequireAction:
                return RecordRefund(request, FakeAttemptStatus.Pending).ToOutcome();
            case FakeBehaviorKind.AcceptAndCharge:
                var state = RecordRefund(request, FakeAttemptStatus.Charged);
                return state.Status == FakeAttemptStatus.Charged ? ProviderOutcome.Pending(state.ProviderReference, "accepted") : state.ToOutcome();
            case FakeBehaviorKind.Decline:
                var declined = RecordRefund(request, FakeAttemptStatus.Declined);
                declined.Code = behavior.Code;
                declined.Reason = behavior.Reason;
                return declined.ToOutcome();
            default:
                throw new InvalidOperationException($"Unknown behaviour {behavior.Kind}.");
        }
    }

    /// <inheritdoc />
    public Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _refundQueries);
        if (Volatile.Read(ref _failStatusQueries))
        {
            return Task.FromResult(ProviderOutcome.Unknown("status service unavailable", "503"));
        }

        lock (_gate)
        {
            return Task.FromResult(
                _refundStates.TryGetValue(request.RefundReference, out var state)
                    ? state.ToOutcome()
                    : ProviderOutcome.NotProcessed("no such refund", "not-found"));
        }
    }

    private RefundState RecordRefund(ProviderRefundRequest request, FakeAttemptStatus status)
    {
        lock (_gate)
        {
            if (_refundStates.TryGetValue(request.RefundReference, out var existing))
            {
                return existing;
            }

            var state = new RefundState(request, string.Create(CultureInfo.InvariantCulture, $"{Name}-refund-{++_sequence}")) { Status = status };
            _refundStates[request.RefundReference] = state;
            if (status == FakeAttemptStatus.Charged)
            {
                state.Status = FakeAttemptStatus.Pending;
                MoveRefund(state);
            }

            return state;
        }
    }

    // Gives the money back, unless the charge has less left than asked (a real provider's refusal).
    private void MoveRefund(RefundState state)
    {
        var request = state.Request;
        var charged = _charges.Where(c => string.Equals(c.AttemptReference, request.AttemptReference, StringComparison.Ordinal)).Sum(c => c.Amount.Amount);
        var refunded = _refunds.Where(r => string.Equals(r.AttemptReference, request.AttemptReference, StringComparison.Ordinal)).Sum(r => r.Amount.Amount);
        if (charged > 0 && refunded + request.Amount.Amount > charged)
        {
            state.Status = FakeAttemptStatus.Declined;
            state.Code = "exceeds-charge";
            state.Reason = "the refund is more than the charge has left";
            return;
        }

        state.Status = FakeAttemptStatus.Charged;
        _refunds.Add(new FakeRefund(Name, request.PaymentKey, request.RefundKey, request.RefundReference, request.AttemptReference, request.Amount, _time.GetUtcNow()));
    }

    private sealed class RefundState(ProviderRefundRequest request, string providerReference)
    {
        public ProviderRefundRequest Request { get; } = request;

        public string ProviderReference { get; } = providerReference;

        public FakeAttemptStatus Status { get; set; }

        public string? Code { get; set; }

        public string? Reason { get; set; }

        public ProviderOutcome ToOutcome() => Status switch
        {
            FakeAttemptStatus.Charged => ProviderOutcome.Succeeded(providerReference: ProviderReference) with { Amount = Request.Amount },
            FakeAttemptStatus.Declined => ProviderOutcome.Declined(Code ?? "rejected", Reason ?? "refund rejected by the fake provider", ProviderReference),
            _ => ProviderOutcome.Pending(ProviderReference, "refund accepted"),
        };
    }
}
