namespace CountyParking.Scenarios;

/// <summary>A simulated day: how many motorists, how they pay, and what goes wrong when (seconds from the start of the run).</summary>
public sealed record Scenario
{
    public int Seed { get; init; } = 7;

    public int Payments { get; init; } = 2000;

    public int Concurrency { get; init; } = 32;

    public double DurationSeconds { get; init; } = 30;

    public AmountRange Amount { get; init; } = new(50, 400);

    public PayerMix Payers { get; init; } = new(0.7, 0.2, 0.1);

    public IReadOnlyList<ScenarioFault> Faults { get; init; } = [];

    public CallbackFaults Callbacks { get; init; } = new(0, 0, 50, 2000);

    /// <summary>Gets the motorists who cancel after paying (<c>refunds</c>): none by default.</summary>
    public RefundMix Refunds { get; init; } = new(0, 0);

    /// <summary>Gets the late successes after failover (<c>lateSuccesses</c>), or <see langword="null"/> for none.</summary>
    public LateSuccesses? LateSuccesses { get; init; }

    /// <summary>Gets the share of motorists who pay the same bill a second time under another key (<c>paidTwice</c>), for example by card after the M-Pesa prompt seemed to fail.</summary>
    public double PaidTwice { get; init; }
}

/// <summary>The share of paid motorists who cancel and get money back, and the share of those refunded only in part (the rest in full).</summary>
public sealed record RefundMix(double Share, double Partial);

/// <summary>
/// Late successes after failover: during [<see cref="From"/>, <see cref="To"/>) seconds, a <see cref="Rate"/> share of the
/// <see cref="Provider"/>'s collections is held in its queue <see cref="AfterMs"/> (past the settle window, so the gateway hears
/// "no such transaction" and fails over), then charged anyway: an extra charge the gateway reverses by itself.
/// </summary>
public sealed record LateSuccesses(string Provider, double Rate, double From, double To, int AfterMs);

/// <summary>The range of parking fees, whole shillings.</summary>
public sealed record AmountRange(int Min, int Max);

/// <summary>The share of motorists paying by M-Pesa, Airtel Money and saved card.</summary>
public sealed record PayerMix(double Mpesa, double Airtel, double Card);

/// <summary>What happens to provider callbacks: the share lost, the share delivered twice, and their delay.</summary>
public sealed record CallbackFaults(double Loss, double Duplicate, int DelayMinMs, int DelayMaxMs);

/// <summary>One fault of one provider during [<see cref="From"/>, <see cref="To"/>) seconds of the run.</summary>
public sealed record ScenarioFault(string Provider, double From, double To, ScenarioFaultKind Kind, double Rate = 1, int? LatencyMs = null, string? Code = null);

/// <summary>The kinds of fault a scenario can schedule.</summary>
public enum ScenarioFaultKind
{
    /// <summary><c>down</c>: connections refused.</summary>
    Down,

    /// <summary><c>http-503</c>: HTTP 503 before anything is processed.</summary>
    Http503,

    /// <summary><c>spike-arrest</c>: the provider's rate-limit answer.</summary>
    SpikeArrest,

    /// <summary><c>slow</c>: every answer delayed by <c>latencyMs</c>.</summary>
    Slow,

    /// <summary><c>timeout-after-accept</c>: the provider charges, the reply never comes.</summary>
    TimeoutAfterAccept,

    /// <summary><c>decline</c>: the payer's answer is the decline <c>code</c>.</summary>
    Decline,

    /// <summary>
    /// <c>queue-then-process</c>: an overloaded provider's queue holds the payment request for <c>latencyMs</c> with no reply, then
    /// processes (and charges) it; a status query finds nothing until then. Airtel Money only.
    /// </summary>
    QueueThenProcess,
}
