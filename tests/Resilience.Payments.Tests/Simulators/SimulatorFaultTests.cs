using CsCheck;
using Resilience.Payments.Testing.Simulators;

namespace Resilience.Payments.Tests.Simulators;

public class SimulatorFaultTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly Gen<SimulatorFault> GenFault =
        from kind in Gen.OneOf(Enum.GetValues<SimulatorFaultKind>().Append((SimulatorFaultKind)99).ToArray())
        from rate in Gen.OneOf<double>(-0.5, 0, 0.3, 1, 1.5, double.NaN)
        from fromMinute in Gen.OneOf<int?>(null, 0, 1, 2)
        from untilMinute in Gen.OneOf<int?>(null, 0, 1, 2)
        from latency in Gen.OneOf<int>(-1, 0, 2)
        from maxLatency in Gen.OneOf<int?>(null, 0, 1, 3)
        from code in Gen.OneOf<string?>(null, string.Empty, " ", "1032")
        select new SimulatorFault(kind)
        {
            Rate = rate,
            From = fromMinute is null ? null : Start.AddMinutes(fromMinute.Value),
            Until = untilMinute is null ? null : Start.AddMinutes(untilMinute.Value),
            Latency = TimeSpan.FromSeconds(latency),
            MaxLatency = maxLatency is null ? null : TimeSpan.FromSeconds(maxLatency.Value),
            Code = code,
        };

    /// <summary>The specification of <see cref="SimulatorFault.Validate"/>: the first bad field, or <see langword="null"/> when valid.</summary>
    private static string? BadField(SimulatorFault f)
    {
        if (!Enum.IsDefined(f.Kind))
        {
            return "Kind";
        }

        if (double.IsNaN(f.Rate) || f.Rate < 0 || f.Rate > 1 || (f.Kind == SimulatorFaultKind.Down && f.Rate != 1))
        {
            return "Rate";
        }

        if (f.From is not null && f.Until is not null && f.From >= f.Until)
        {
            return "Until";
        }

        if (f.Latency < TimeSpan.Zero)
        {
            return "Latency";
        }

        if (f.MaxLatency < f.Latency)
        {
            return "MaxLatency";
        }

        if (f.Kind is SimulatorFaultKind.Slow or SimulatorFaultKind.DelayCallbacks or SimulatorFaultKind.QueueThenProcess && (f.MaxLatency ?? f.Latency) <= TimeSpan.Zero)
        {
            return "Latency";
        }

        return f.Kind == SimulatorFaultKind.Decline && string.IsNullOrWhiteSpace(f.Code) ? "Code" : null;
    }

    [Fact]
    public void Validate_AnyFault_ThrowsExactlyWhenAFieldIsBadAndNamesIt()
    {
        Deterministic.ForAll(GenFault, fault =>
        {
            var expected = BadField(fault);
            var thrown = Record.Exception(fault.Validate);

            if (expected is null)
            {
                Assert.Null(thrown);
            }
            else
            {
                Assert.Equal(expected, Assert.IsAssignableFrom<ArgumentException>(thrown).ParamName);
            }
        }, count: 500);
    }

    [Fact]
    public async Task AddFault_DeclineWithoutCode_ThrowsNamingCodeAndAddsNothing()
    {
        await using var sim = new TestSimulator();

        var ex = Assert.ThrowsAny<ArgumentException>(() => sim.AddFault(new SimulatorFault(SimulatorFaultKind.Decline)));

        Assert.Equal("Code", ex.ParamName);
        Assert.Empty(sim.Faults);
    }

    [Fact]
    public async Task AddFault_RateAboveOne_ThrowsNamingRate()
    {
        await using var sim = new TestSimulator();

        var ex = Assert.ThrowsAny<ArgumentException>(() => sim.Fail503(1.5));

        Assert.Equal("Rate", ex.ParamName);
    }

    [Fact]
    public async Task AddFault_WindowInWrongOrder_ThrowsNamingUntil()
    {
        await using var sim = new TestSimulator();

        var ex = Assert.ThrowsAny<ArgumentException>(() => sim.AddFault(new SimulatorFault(SimulatorFaultKind.Http503) { From = Start.AddMinutes(2), Until = Start.AddMinutes(1) }));

        Assert.Equal("Until", ex.ParamName);
    }

    [Fact]
    public void IsActiveAt_Window_IsHalfOpen()
    {
        var fault = new SimulatorFault(SimulatorFaultKind.Http503) { From = Start, Until = Start.AddMinutes(1) };

        Assert.False(fault.IsActiveAt(Start.AddTicks(-1)));
        Assert.True(fault.IsActiveAt(Start));
        Assert.True(fault.IsActiveAt(Start.AddMinutes(1).AddTicks(-1)));
        Assert.False(fault.IsActiveAt(Start.AddMinutes(1)));
    }
}
