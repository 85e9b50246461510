namespace Resilience.Payments.Testing.Simulators;

/// <summary>
/// A <see cref="ProviderSimulator"/> with fluent fault helpers that return the derived simulator, the same names on every
/// provider: each helper adds one <see cref="SimulatorFault"/> through <see cref="ProviderSimulator.AddFault"/>.
/// </summary>
/// <typeparam name="TSelf">The derived simulator.</typeparam>
public abstract class ProviderSimulator<TSelf> : ProviderSimulator
    where TSelf : ProviderSimulator<TSelf>
{
    private protected ProviderSimulator(TimeProvider? timeProvider, int seed)
        : base(timeProvider, seed)
    {
    }

    private TSelf Self => (TSelf)this;

    /// <summary>Adds <paramref name="fault"/> (<see cref="ProviderSimulator.AddFault"/>).</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>The simulator.</returns>
    public TSelf With(SimulatorFault fault)
    {
        AddFault(fault);
        return Self;
    }

    /// <summary>Answers HTTP 503 before anything is recorded (<see cref="SimulatorFaultKind.Http503"/>).</summary>
    /// <param name="rate">The share of requests affected, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf Fail503(double rate = 1) => With(new SimulatorFault(SimulatorFaultKind.Http503) { Rate = rate });

    /// <summary>Answers with the provider's rate-limit error before anything is recorded (<see cref="SimulatorFaultKind.RateLimited"/>).</summary>
    /// <param name="rate">The share of requests affected, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf RateLimited(double rate = 1) => With(new SimulatorFault(SimulatorFaultKind.RateLimited) { Rate = rate });

    /// <summary>Delays answers by <paramref name="latency"/>, real time (<see cref="SimulatorFaultKind.Slow"/>).</summary>
    /// <param name="latency">The delay.</param>
    /// <param name="rate">The share of requests affected, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf Slow(TimeSpan latency, double rate = 1) => With(new SimulatorFault(SimulatorFaultKind.Slow) { Latency = latency, Rate = rate });

    /// <summary>Makes the charge, then holds the reply back past any client timeout (<see cref="SimulatorFaultKind.ChargeThenNoReply"/>).</summary>
    /// <param name="rate">The share of charges affected, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf ChargeThenNoReply(double rate = 1) => With(new SimulatorFault(SimulatorFaultKind.ChargeThenNoReply) { Rate = rate });

    /// <summary>
    /// Holds money-moving requests in the provider's queue and processes them <paramref name="delay"/> later on the simulator's
    /// clock, as an overloaded provider does (<see cref="SimulatorFaultKind.QueueThenProcess"/>): no reply within the client's
    /// timeout, "not found" until then, then charged unless the reference was used meanwhile.
    /// </summary>
    /// <param name="delay">How long a request is held before it is processed.</param>
    /// <param name="rate">The share of requests affected, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf QueueThenProcess(TimeSpan delay, double rate = 1) => With(new SimulatorFault(SimulatorFaultKind.QueueThenProcess) { Latency = delay, Rate = rate });

    /// <summary>Declines with the provider's <paramref name="code"/> (<see cref="SimulatorFaultKind.Decline"/>).</summary>
    /// <param name="code">The provider's decline code (Daraja ResultCode such as <c>1032</c>; Paystack gateway response).</param>
    /// <param name="rate">The share of charges affected, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf Decline(string code, double rate = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return With(new SimulatorFault(SimulatorFaultKind.Decline) { Code = code, Rate = rate });
    }

    /// <summary>Never posts callbacks (<see cref="SimulatorFaultKind.LoseCallbacks"/>).</summary>
    /// <param name="rate">The share of callbacks lost, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf LoseCallbacks(double rate = 1) => With(new SimulatorFault(SimulatorFaultKind.LoseCallbacks) { Rate = rate });

    /// <summary>Posts callbacks twice (<see cref="SimulatorFaultKind.DuplicateCallbacks"/>).</summary>
    /// <param name="rate">The share of callbacks duplicated, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf DuplicateCallbacks(double rate = 1) => With(new SimulatorFault(SimulatorFaultKind.DuplicateCallbacks) { Rate = rate });

    /// <summary>Posts callbacks after a delay between <paramref name="min"/> and <paramref name="max"/> on the simulator's clock (<see cref="SimulatorFaultKind.DelayCallbacks"/>).</summary>
    /// <param name="min">The shortest delay.</param>
    /// <param name="max">The longest delay.</param>
    /// <param name="rate">The share of callbacks delayed, 0 to 1.</param>
    /// <returns>The simulator.</returns>
    public TSelf DelayCallbacks(TimeSpan min, TimeSpan max, double rate = 1) =>
        With(new SimulatorFault(SimulatorFaultKind.DelayCallbacks) { Latency = min, MaxLatency = max, Rate = rate });

    /// <summary>Stops the server at <paramref name="from"/> and restarts it at <paramref name="until"/> on the simulator's clock (<see cref="SimulatorFaultKind.Down"/>).</summary>
    /// <param name="from">When connections start being refused.</param>
    /// <param name="until">When the server listens again.</param>
    /// <returns>The simulator.</returns>
    public TSelf DownBetween(DateTimeOffset from, DateTimeOffset until) =>
        With(new SimulatorFault(SimulatorFaultKind.Down) { From = from, Until = until });

    /// <summary>Limits the faults that <paramref name="faults"/> adds (those without their own window) to [<paramref name="from"/>, <paramref name="until"/>) of the simulator's clock.</summary>
    /// <param name="from">The window's start.</param>
    /// <param name="until">The window's end (exclusive).</param>
    /// <param name="faults">Adds faults, for example <c>s =&gt; s.Fail503()</c>.</param>
    /// <returns>The simulator.</returns>
    public TSelf During(DateTimeOffset from, DateTimeOffset until, Action<TSelf> faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        EnterWindow(from, until);
        try
        {
            faults(Self);
        }
        finally
        {
            ExitWindow();
        }

        return Self;
    }
}
