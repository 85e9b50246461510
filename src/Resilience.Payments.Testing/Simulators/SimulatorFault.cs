namespace Resilience.Payments.Testing.Simulators;

/// <summary>
/// One fault of a <see cref="ProviderSimulator"/>, the same for every provider so that one scenario can drive all of them:
/// a kind, the share of requests (or callbacks, or prompts) it hits, and optionally a window of the simulator's clock.
/// </summary>
/// <param name="Kind">The kind of fault.</param>
public sealed record SimulatorFault(SimulatorFaultKind Kind)
{
    /// <summary>Gets the share of requests affected, 0 to 1. Default 1. Must be 1 for <see cref="SimulatorFaultKind.Down"/>.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>Gets the start of the window on the simulator's clock (inclusive), or <see langword="null"/> for "from now".</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the end of the window on the simulator's clock (exclusive), or <see langword="null"/> for "forever".</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// Gets the latency of <see cref="SimulatorFaultKind.Slow"/>, the shortest delay of <see cref="SimulatorFaultKind.DelayCallbacks"/>, or how
    /// long <see cref="SimulatorFaultKind.QueueThenProcess"/> holds a request before processing it.
    /// </summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Gets the longest delay of <see cref="SimulatorFaultKind.DelayCallbacks"/>; <see cref="Latency"/> when <see langword="null"/>.</summary>
    public TimeSpan? MaxLatency { get; init; }

    /// <summary>Gets the provider's decline code of <see cref="SimulatorFaultKind.Decline"/> (Daraja: a ResultCode such as <c>1032</c>; Paystack: the gateway response).</summary>
    public string? Code { get; init; }

    /// <summary>Gets a value indicating whether the fault applies at <paramref name="now"/> (inside its window).</summary>
    /// <param name="now">A time of the simulator's clock.</param>
    /// <returns><see langword="true"/> when inside [<see cref="From"/>, <see cref="Until"/>).</returns>
    internal bool IsActiveAt(DateTimeOffset now) => (From is null || now >= From) && (Until is null || now < Until);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field when the fault is not valid.</summary>
    /// <exception cref="ArgumentException">A field is out of range or missing; <see cref="ArgumentException.ParamName"/> names it.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown fault kind.");
        }

        if (!(Rate >= 0 && Rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "The rate must be between 0 and 1.");
        }

        if (Kind == SimulatorFaultKind.Down && Rate != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "A Down fault has no rate: leave it at 1 and use From/Until.");
        }

        if (From is { } from && Until is { } until && from >= until)
        {
            throw new ArgumentException("Until must be after From.", nameof(Until));
        }

        if (Latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Latency), Latency, "The latency must not be negative.");
        }

        if (MaxLatency is { } max && max < Latency)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLatency), max, "MaxLatency must not be less than Latency.");
        }

        if (Kind is SimulatorFaultKind.Slow or SimulatorFaultKind.DelayCallbacks or SimulatorFaultKind.QueueThenProcess && (MaxLatency ?? Latency) <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Latency), Latency, $"A {Kind} fault needs a positive latency.");
        }

        if (Kind == SimulatorFaultKind.Decline && string.IsNullOrWhiteSpace(Code))
        {
            throw new ArgumentException("A Decline fault needs the provider's decline code.", nameof(Code));
        }
    }
}
