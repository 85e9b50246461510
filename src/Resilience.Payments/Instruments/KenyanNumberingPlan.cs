using System;
using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>
/// The Kenyan mobile numbering plan: which national prefixes belong to which network. Kept as data
/// (ranges of the four digits after the leading 0) so it is easy to update when the regulator
/// assigns new ranges. Unknown prefixes map to <see cref="MobileNetwork.Unknown"/>; they are never guessed.
/// </summary>
internal static class KenyanNumberingPlan
{
    /// <summary>The country calling code of Kenya.</summary>
    public const string CountryCode = "254";

    /// <summary>
    /// Gets the prefix ranges: the first four national digits (for example <c>0712</c> is written 712)
    /// from <c>From</c> to <c>To</c> inclusive belong to <c>Network</c>.
    /// </summary>
    public static IReadOnlyList<(int From, int To, MobileNetwork Network)> Ranges { get; } =
    [
        (700, 729, MobileNetwork.Safaricom),
        (740, 743, MobileNetwork.Safaricom),
        (745, 746, MobileNetwork.Safaricom),
        (748, 748, MobileNetwork.Safaricom),
        (757, 759, MobileNetwork.Safaricom),
        (768, 769, MobileNetwork.Safaricom),
        (790, 799, MobileNetwork.Safaricom),
        (110, 115, MobileNetwork.Safaricom),
        (730, 739, MobileNetwork.Airtel),
        (750, 756, MobileNetwork.Airtel),
        (762, 762, MobileNetwork.Airtel),
        (780, 789, MobileNetwork.Airtel),
        (100, 102, MobileNetwork.Airtel),
    ];

    /// <summary>Finds the network of a normalised Kenyan number (<c>2547XXXXXXXX</c> or <c>2541XXXXXXXX</c>).</summary>
    /// <param name="normalized">Twelve digits starting with 254.</param>
    /// <returns>The network, or <see cref="MobileNetwork.Unknown"/>.</returns>
    public static MobileNetwork NetworkOf(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        if (normalized.Length != 12 || !normalized.StartsWith(CountryCode, StringComparison.Ordinal))
        {
            return MobileNetwork.Unknown;
        }

        var prefix = ((normalized[3] - '0') * 100) + ((normalized[4] - '0') * 10) + (normalized[5] - '0');
        foreach (var (from, to, network) in Ranges)
        {
            if (prefix >= from && prefix <= to)
            {
                return network;
            }
        }

        return MobileNetwork.Unknown;
    }
}
