using CsCheck;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Internal;

public class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(0, 15)]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(5, 480)]
    public void Compute_NoJitter_DoublesEachRound(int round, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Backoff.Compute(Initial, Max, round, 0.2, 0));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(int.MaxValue)]
    public void Compute_LateRound_IsCappedAtMax(int round)
    {
        Assert.Equal(Max, Backoff.Compute(Initial, Max, round, 0.2, 0));
    }

    [Fact]
    public void Compute_NegativeRound_IsTreatedAsRoundZero()
    {
        Assert.Equal(Initial, Backoff.Compute(Initial, Max, -5, 0.2, 0));
    }

    [Theory]
    [InlineData(1.0, 24)]
    [InlineData(0.5, 27)]
    [InlineData(0.0, 30)]
    public void Compute_Jitter_ReducesByUpToJitterOfNominal(double random, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Backoff.Compute(Initial, Max, 1, 0.2, random));
    }

    [Fact]
    public void Compute_RandomAboveOne_IsClampedToOne()
    {
        Assert.Equal(Backoff.Compute(Initial, Max, 1, 0.2, 1), Backoff.Compute(Initial, Max, 1, 0.2, 7.5));
    }

    [Fact]
    public void Compute_RandomBelowZero_IsClampedToZero()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Backoff.Compute(Initial, Max, 1, 0.2, -3));
    }

    [Fact]
    public void Compute_FullJitterWithRandomOne_StillPositive()
    {
        Assert.True(Backoff.Compute(Initial, Max, 1, 1.0, 1.0) > TimeSpan.Zero);
    }

    [Fact]
    public void Compute_RandomInputs_StayWithinJitterRangeAndCap()
    {
        var gen = Gen.Select(
            Gen.Int[1, 3_600_000],
            Gen.Int[0, 3_600_000],
            Gen.Int[-5, 100],
            Gen.Double[0, 1],
            Gen.Double[-1, 2]);

        Deterministic.ForAll(gen, t =>
        {
            var (initialMs, extraMs, round, jitter, random) = t;
            var initial = TimeSpan.FromMilliseconds(initialMs);
            var max = TimeSpan.FromMilliseconds(initialMs + extraMs);

            var delay = Backoff.Compute(initial, max, round, jitter, random);

            var nominal = Math.Min(initialMs * Math.Pow(2, Math.Clamp(round, 0, 30)), max.TotalMilliseconds);
            Assert.True(delay > TimeSpan.Zero, $"{delay} not positive");
            Assert.True(delay <= max, $"{delay} > max {max}");
            Assert.True(delay.TotalMilliseconds >= Math.Max(1, ((1 - jitter) * nominal) - 0.001), $"{delay} below jitter range of {nominal} ms");
            Assert.True(delay.TotalMilliseconds <= nominal + 0.001, $"{delay} above nominal {nominal} ms");
        }, count: 500);
    }
}
