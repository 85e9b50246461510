namespace Resilience.Payments.Testing.Simulators.Internal;

/// <summary>A simulator's one seeded random source: every draw under one lock, so that a run is reproducible.</summary>
/// <param name="seed">The seed.</param>
internal sealed class SeededRandom(int seed)
{
    private readonly object _gate = new();
    private readonly Random _random = new(seed);

    /// <summary>Draws a number in [0, 1).</summary>
    /// <returns>The number.</returns>
    public double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>Draws whether an event of probability <paramref name="rate"/> happens (a rate of 1 or more happens without a draw, 0 or less never draws).</summary>
    /// <param name="rate">The probability.</param>
    /// <returns>Whether it happens.</returns>
    public bool Chance(double rate) => rate > 0 && (rate >= 1 || NextDouble() < rate);

    /// <summary>Draws an integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>).</summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound.</param>
    /// <returns>The number.</returns>
    public int Next(int minValue, int maxValue)
    {
        lock (_gate)
        {
            return _random.Next(minValue, maxValue);
        }
    }

    /// <summary>Draws a non-negative 64-bit integer.</summary>
    /// <returns>The number.</returns>
    public long NextInt64()
    {
        lock (_gate)
        {
            return _random.NextInt64();
        }
    }

    /// <summary>Draws a string of <paramref name="length"/> characters of <paramref name="alphabet"/> (receipts, codes, tokens).</summary>
    /// <param name="length">The length.</param>
    /// <param name="alphabet">The characters to choose from.</param>
    /// <returns>The string.</returns>
    public string NextString(int length, string alphabet)
    {
        ArgumentException.ThrowIfNullOrEmpty(alphabet);
        lock (_gate)
        {
            return string.Create(length, (_random, alphabet), static (span, state) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
                }
            });
        }
    }

    /// <summary>Draws a GUID from two 64-bit draws (ids a provider makes up, reproducible by seed).</summary>
    /// <returns>The GUID, formatted <c>D</c>.</returns>
    public string NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, NextInt64());
        BitConverter.TryWriteBytes(bytes[8..], NextInt64());
        return new Guid(bytes).ToString();
    }
}
