using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Resilience.Payments;

/// <summary>
/// Makes text that came from outside (a provider's answer, a callback's body or query) safe to write to a log or show to an
/// operator: one line, no phone or card number, bounded length. Adapters use it for every provider message, code or
/// reference they log; the library uses it in its own log messages.
/// </summary>
/// <remarks>
/// <para><see cref="Scrub"/>, in this order:</para>
/// <list type="number">
/// <item><description>
/// replaces every control or invisible formatting character with a space: CR, LF, tab and the other C0 and C1 controls,
/// the Unicode line and paragraph separators, bidirectional overrides and isolates, zero-width characters, and a lone
/// surrogate. The result is always one line that reads as it prints.
/// </description></item>
/// <item><description>
/// masks every number of 9 or more digits. A number is a run of digits, optionally after a <c>+</c>, in which groups may
/// be separated by up to three spaces, dashes, dots or brackets (<c>+254 722 000 111</c>, <c>0722-000-111</c>,
/// <c>4111 1111 1111 1111</c>). One of up to 12 digits, or up to 15 after a <c>+</c>, is taken for a phone number and keeps
/// its first 4 and last 2 digits (<c>2547****11</c>, in the style of <see cref="PhoneNumber.Masked"/>); a longer one (a card
/// number has 13 to 19) keeps only its last 4 digits, every other digit becoming <c>*</c>. The separators inside a masked
/// number are dropped. Shorter numbers (amounts, codes, dates) are left alone; a date and a time written together
/// (<c>2026-07-24 06:00</c>) read as one number of 10 digits and are masked too.
/// </description></item>
/// <item><description>
/// cuts the result to <see cref="MaxLength"/> characters, the last being <c>…</c> when something was cut.
/// </description></item>
/// </list>
/// <para>
/// The result never holds a run of 9 or more digits, nor a control character, and scrubbing it again changes nothing. A
/// long reference made of digits (some providers' transaction ids) is masked too: the full value belongs in the payment's
/// record, not in a log.
/// </para>
/// </remarks>
public static class ProviderText
{
    /// <summary>The longest text <see cref="Scrub"/> returns: 500 characters.</summary>
    public const int MaxLength = 500;

    /// <summary>The fewest digits of a number that <see cref="Scrub"/> masks.</summary>
    private const int MaskFrom = 9;

    /// <summary>The most separator characters between two digit groups of one number.</summary>
    private const int MaxSeparatorRun = 3;

    /// <summary>Returns <paramref name="text"/> on one line, with phone and card numbers masked, at most <see cref="MaxLength"/> characters.</summary>
    /// <param name="text">Text from a provider or a callback; may be <see langword="null"/>.</param>
    /// <returns>The scrubbed text; <see langword="null"/> for <see langword="null"/>; the same instance when nothing needed changing.</returns>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Scrub(string? text)
    {
        if (text is null || IsClean(text))
        {
            return text;
        }

        var line = ToOneLine(text);
        var masked = MaskNumbers(line);
        return Cap(masked);
    }

    /// <summary>
    /// Returns <paramref name="text"/> scrubbed (see <see cref="Scrub"/>) for a log line, or <c>none</c> when it is absent, which a
    /// log line would otherwise print as "(null)". Adapters' log messages use it for every provider code, reason or reference.
    /// </summary>
    /// <param name="text">Text from a provider or a callback; may be <see langword="null"/>.</param>
    /// <returns>The scrubbed text, or <c>none</c>.</returns>
    public static string ForLog(string? text) => Scrub(text) ?? "none";

    /// <summary>
    /// The fast path: nothing to replace, fewer digits in all than a number to mask, short enough. Most provider messages
    /// ("Success. Request accepted for processing") pass here without allocating.
    /// </summary>
    private static bool IsClean(string text)
    {
        if (text.Length > MaxLength)
        {
            return false;
        }

        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsDigit(c))
            {
                if (++digits >= MaskFrom)
                {
                    return false;
                }
            }
            else if (IsUnsafe(text, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the character at <paramref name="i"/> is replaced by a space.</summary>
    private static bool IsUnsafe(string text, int i)
    {
        var c = text[i];
        if (c < ' ' || c is >= '\u007f' and <= '\u009f')
        {
            return true;
        }

        if (c < '\u00a0')
        {
            return false; // printable ASCII
        }

        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    private static string ToOneLine(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (IsUnsafe(text, i))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    private static bool IsSeparator(char c) =>
        c is ' ' or '-' or '.' or '(' or ')'
        || (c > '\u007f' && char.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.DashPunctuation);

    private static string MaskNumbers(string text)
    {
        StringBuilder? result = null;
        var copiedTo = 0;
        var i = 0;
        while (i < text.Length)
        {
            var plus = text[i] == '+' && i + 1 < text.Length && char.IsDigit(text[i + 1]);
            if (!plus && !char.IsDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var end = EndOfNumber(text, plus ? i + 1 : i, out var digits);
            if (digits >= MaskFrom)
            {
                result ??= new StringBuilder(text.Length);
                result.Append(text, copiedTo, start - copiedTo);
                AppendMasked(result, text, start, end, plus, digits);
                copiedTo = end;
            }

            i = end;
        }

        if (result is null)
        {
            return text;
        }

        result.Append(text, copiedTo, text.Length - copiedTo);
        return result.ToString();
    }

    /// <summary>Returns the index just past the number starting with the digit at <paramref name="i"/>, and how many digits it has.</summary>
    private static int EndOfNumber(string text, int i, out int digits)
    {
        digits = 0;
        var end = i;
        while (i < text.Length)
        {
            if (char.IsDigit(text[i]))
            {
                digits++;
                i++;
                end = i;
                continue;
            }

            // Separators join two digit groups only when a digit follows them.
            var j = i;
            while (j < text.Length && j - i < MaxSeparatorRun && IsSeparator(text[j]))
            {
                j++;
            }

            if (j == i || j >= text.Length || !char.IsDigit(text[j]))
            {
                break;
            }

            i = j;
        }

        return end;
    }

    private static void AppendMasked(StringBuilder result, string text, int start, int end, bool plus, int digits)
    {
        // A phone number keeps its first 4 and last 2 digits; anything longer (a card number) only its last 4.
        var phone = digits <= (plus ? 15 : 12);
        var keepLast = phone ? 2 : 4;
        var position = 0;
        if (plus)
        {
            result.Append('+');
        }

        for (var k = start; k < end; k++)
        {
            var c = text[k];
            if (!char.IsDigit(c))
            {
                continue;
            }

            if (phone)
            {
                if (position < 4)
                {
                    result.Append(c);
                }
                else if (position == 4)
                {
                    result.Append("****");
                }

                if (position >= digits - keepLast)
                {
                    result.Append(c);
                }
            }
            else
            {
                result.Append(position >= digits - keepLast ? c : '*');
            }

            position++;
        }
    }

    private static string Cap(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var cut = MaxLength - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--; // never split a surrogate pair: half of one would be replaced by a space if scrubbed again
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
