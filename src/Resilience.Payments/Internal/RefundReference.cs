using System;
using System.Security.Cryptography;

namespace Resilience.Payments.Internal;

/// <summary>
/// Refund references: <c>rf</c> and 16 characters from a cryptographic generator (a-z, 2-7: 80 bits). Short enough for every
/// provider's note or occasion field, unguessable so that nobody can forge a refund callback by guessing it.
/// </summary>
internal static class RefundReference
{
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        Span<char> text = stackalloc char[18];
        text[0] = 'r';
        text[1] = 'f';
        for (var i = 0; i < bytes.Length; i++)
        {
            text[i + 2] = Base32[bytes[i] & 31];
        }

        return new string(text);
    }

    /// <summary>The refund key of the automatic reversal of an extra charge: derived, so that a restart never reverses it twice.</summary>
    public static string ReversalKey(string paymentKey, int attemptNumber) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{paymentKey}:reverse:{attemptNumber}");
}
