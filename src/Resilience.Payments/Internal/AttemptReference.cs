using System;
using System.Globalization;

namespace Resilience.Payments.Internal;

/// <summary>Attempt references: <c>{key}-{n}</c>. Keys may contain dashes, so parsing splits at the last one.</summary>
internal static class AttemptReference
{
    public static string Create(string key, int number) => string.Create(CultureInfo.InvariantCulture, $"{key}-{number}");

    public static bool TryParse(string? reference, out string key, out int number)
    {
        key = string.Empty;
        number = 0;
        if (string.IsNullOrEmpty(reference))
        {
            return false;
        }

        var dash = reference.LastIndexOf('-');
        if (dash <= 0 || dash == reference.Length - 1 || reference[dash + 1] == '0'
            || !int.TryParse(reference.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            || number < 1)
        {
            return false;
        }

        key = reference[..dash];
        return true;
    }
}
