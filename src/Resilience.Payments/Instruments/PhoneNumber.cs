using System;
using System.Diagnostics.CodeAnalysis;

namespace Resilience.Payments;

/// <summary>
/// A Kenyan mobile number, normalised to twelve digits (<c>254712345678</c>). Its
/// <see cref="ToString"/> is masked (<c>2547****5678</c>) so that a number written to a log by
/// mistake does not leak; use <see cref="Value"/> where the full number is needed.
/// </summary>
public readonly record struct PhoneNumber
{
    private PhoneNumber(string value)
    {
        Value = value;
        Network = KenyanNumberingPlan.NetworkOf(value);
    }

    /// <summary>Gets the normalised number: 254 followed by nine digits.</summary>
    public string Value { get; }

    /// <summary>Gets the network that owns the number's prefix.</summary>
    public MobileNetwork Network { get; }

    /// <summary>Gets the number without the country code (<c>712345678</c>), as Airtel Money expects.</summary>
    public string NationalSignificantNumber => Value[3..];

    /// <summary>Gets the masked number, safe to log: <c>2547****5678</c>.</summary>
    public string Masked => Mask(Value);

    /// <summary>Parses a Kenyan mobile number written as 0712345678, 712345678, 254712345678 or +254 712 345 678.</summary>
    /// <param name="text">The number. Spaces, dashes and brackets are ignored.</param>
    /// <returns>The number.</returns>
    /// <exception cref="FormatException">The text is not a Kenyan mobile number.</exception>
    public static PhoneNumber Parse(string text) =>
        TryParse(text, out var number)
            ? number
            : throw new FormatException($"'{Mask(text ?? string.Empty)}' is not a Kenyan mobile number (expected 07XXXXXXXX, 01XXXXXXXX or 254XXXXXXXXX).");

    /// <summary>Tries to parse a Kenyan mobile number.</summary>
    /// <param name="text">The number.</param>
    /// <param name="number">The parsed number.</param>
    /// <returns><see langword="true"/> when the text is a Kenyan mobile number.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out PhoneNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        Span<char> digits = stackalloc char[32];
        var count = 0;
        var seenPlus = false;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                digits[count++] = c;
            }
            else if (c == '+' && count == 0 && !seenPlus)
            {
                seenPlus = true; // one leading plus is allowed
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
            {
                return false;
            }
        }

        ReadOnlySpan<char> d = digits[..count];
        if (seenPlus && !d.StartsWith("254"))
        {
            return false; // "+" introduces an international number: +254...
        }

        string normalized;
        if (d.Length == 12 && d.StartsWith("254"))
        {
            normalized = new string(d);
        }
        else if (d.Length == 10 && d[0] == '0')
        {
            normalized = string.Concat("254", d[1..]);
        }
        else if (d.Length == 9)
        {
            normalized = string.Concat("254", d);
        }
        else
        {
            return false;
        }

        // Kenyan mobile numbers are 2547XXXXXXXX or 2541XXXXXXXX.
        if (normalized[3] is not ('7' or '1'))
        {
            return false;
        }

        number = new PhoneNumber(normalized);
        return true;
    }

    /// <summary>Returns the masked number, never the full one.</summary>
    /// <returns>The masked number.</returns>
    public override string ToString() => Value is null ? string.Empty : Masked;

    internal static string Mask(string value)
    {
        if (value.Length <= 6)
        {
            return new string('*', value.Length);
        }

        var keepEnd = 4;
        var keepStart = Math.Min(4, value.Length - keepEnd - 2);
        return string.Concat(value.AsSpan(0, keepStart), "****", value.AsSpan(value.Length - keepEnd));
    }
}
