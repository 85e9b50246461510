using System.Text.RegularExpressions;

namespace Resilience.Payments.Tests;

/// <summary>Attempt references in assertions: <c>{key}-{n}</c> without the random part the gateway adds.</summary>
internal static partial class Refs
{
    public static string Plain(string reference) => RandomPart().Replace(reference, string.Empty);

    public static IEnumerable<string> Plain(IEnumerable<string> references) => references.Select(Plain);

    [GeneratedRegex("-[a-z][a-z0-9]{7}$")]
    private static partial Regex RandomPart();
}
