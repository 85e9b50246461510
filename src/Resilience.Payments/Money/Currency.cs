using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Resilience.Payments;

/// <summary>
/// An ISO 4217 currency known to the library, with the number of minor units (decimal places) its
/// amounts may carry. Amounts are validated against <see cref="MinorUnits"/> so that, for example,
/// <c>KES 10.005</c> is rejected instead of being silently rounded by a provider.
/// </summary>
public sealed class Currency : IEquatable<Currency>
{
    private static readonly FrozenDictionary<string, Currency> Known = CreateTable();

    private Currency(string code, int minorUnits)
    {
        Code = code;
        MinorUnits = minorUnits;
    }

    /// <summary>Gets the three-letter ISO 4217 code, upper case (for example <c>KES</c>).</summary>
    public string Code { get; }

    /// <summary>Gets the number of decimal places an amount in this currency may have.</summary>
    public int MinorUnits { get; }

    /// <summary>Gets the Kenyan shilling.</summary>
    public static Currency Kes => Known["KES"];

    /// <summary>Gets every currency the library knows.</summary>
    public static IEnumerable<Currency> All => Known.Values;

    /// <summary>Finds a currency by its ISO 4217 code (case-insensitive).</summary>
    /// <param name="code">The three-letter code.</param>
    /// <param name="currency">The currency, when the code is known.</param>
    /// <returns><see langword="true"/> when the code names a known currency.</returns>
    public static bool TryGet([NotNullWhen(true)] string? code, [NotNullWhen(true)] out Currency? currency)
    {
        currency = null;
        return code is { Length: 3 } && Known.TryGetValue(code.ToUpperInvariant(), out currency);
    }

    /// <summary>Finds a currency by its ISO 4217 code (case-insensitive).</summary>
    /// <param name="code">The three-letter code.</param>
    /// <returns>The currency.</returns>
    /// <exception cref="ArgumentException">The code is not a known ISO 4217 currency.</exception>
    public static Currency Get(string code) =>
        TryGet(code, out var currency)
            ? currency
            : throw new ArgumentException($"'{code}' is not a known ISO 4217 currency code.", nameof(code));

    /// <inheritdoc />
    public bool Equals(Currency? other) => other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Currency other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    /// <inheritdoc />
    public override string ToString() => Code;

    private static FrozenDictionary<string, Currency> CreateTable()
    {
        // ISO 4217 minor units. Kept as data: add a row to support a currency.
        (string Code, int Minor)[] rows =
        [
            ("KES", 2), ("UGX", 0), ("TZS", 2), ("RWF", 0), ("BIF", 0), ("SSP", 2), ("ETB", 2), ("SOS", 2),
            ("CDF", 2), ("ZMW", 2), ("MWK", 2), ("MZN", 2), ("ZAR", 2), ("BWP", 2), ("NAD", 2), ("LSL", 2),
            ("SZL", 2), ("NGN", 2), ("GHS", 2), ("XOF", 0), ("XAF", 0), ("GNF", 0), ("SLE", 2), ("LRD", 2),
            ("GMD", 2), ("MAD", 2), ("TND", 3), ("EGP", 2), ("DZD", 2), ("LYD", 3), ("SDG", 2), ("MGA", 2),
            ("MUR", 2), ("SCR", 2), ("KMF", 0), ("DJF", 0), ("ERN", 2), ("AOA", 2), ("USD", 2), ("EUR", 2),
            ("GBP", 2), ("CHF", 2), ("JPY", 0), ("CNY", 2), ("INR", 2), ("AED", 2), ("SAR", 2), ("KWD", 3),
            ("BHD", 3), ("OMR", 3), ("JOD", 3), ("CAD", 2), ("AUD", 2), ("NZD", 2), ("SEK", 2), ("NOK", 2),
            ("DKK", 2), ("PLN", 2), ("BRL", 2), ("MXN", 2), ("KRW", 0), ("SGD", 2), ("HKD", 2), ("TRY", 2),
        ];
        var table = new Dictionary<string, Currency>(StringComparer.Ordinal);
        foreach (var (code, minor) in rows)
        {
            table[code] = new Currency(code, minor);
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
