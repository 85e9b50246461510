using System;
using System.Globalization;
using System.Security.Cryptography;

namespace Resilience.Payments.Internal;

/// <summary>
/// Attempt references: <c>{key}-{n}-{random}</c>, where the random part is 8 characters drawn from a cryptographic generator (a-z, 2-7), the
/// first a letter (so it is never read as a number). The key stays readable on a provider's dashboard; the random part makes the reference
/// unguessable, so that nobody can open a transaction under it at a provider that lets payers pick references (Paystack's inline
/// checkout). Records written before this format hold <c>{key}-{n}</c>; both are parsed. Keys may contain dashes.
/// </summary>
internal static class AttemptReference
{
    public const int RandomLength = 8;

    private const string Letters = "abcdefghijklmnopqrstuvwxyz";
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    [ThreadStatic]
    private static byte[]? _random;

    [ThreadStatic]
    private static int _randomUsed;

    public static string Create(string key, int number)
    {
        // A letter, then 7 base-32 characters (5 bits each, no bias): about 40 bits that nobody can guess.
        Span<byte> bytes = stackalloc byte[RandomLength];
        NextRandomBytes(bytes);
        Span<char> random = stackalloc char[RandomLength];
        random[0] = Letters[bytes[0] % Letters.Length];
        for (var i = 1; i < random.Length; i++)
        {
            random[i] = Base32[bytes[i] & 31];
        }

        return string.Create(CultureInfo.InvariantCulture, $"{key}-{number}-{random}");
    }

    /// <summary>
    /// Bytes from the cryptographic generator, drawn 512 at a time per thread: a call to the operating system's generator costs
    /// microseconds in a sandbox, which the hot path would otherwise pay for every payment. Each byte is handed out once and
    /// wiped from the buffer.
    /// </summary>
    private static void NextRandomBytes(Span<byte> destination)
    {
        if (_random is null)
        {
            _random = new byte[512];
            _randomUsed = _random.Length; // empty: filled below
        }

        var buffer = _random;
        if (_randomUsed + destination.Length > buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            _randomUsed = 0;
        }

        var slice = buffer.AsSpan(_randomUsed, destination.Length);
        slice.CopyTo(destination);
        slice.Clear();
        _randomUsed += destination.Length;
    }

    /// <summary>Reads the key and attempt number out of a reference. Only locates a payment: the caller compares the whole reference with the stored attempt's.</summary>
    public static bool TryParse(string? reference, out string key, out int number)
    {
        key = string.Empty;
        number = 0;
        if (string.IsNullOrEmpty(reference) || reference.Length > 200)
        {
            return false;
        }

        var dash = reference.LastIndexOf('-');
        if (dash <= 0 || dash == reference.Length - 1)
        {
            return false;
        }

        if (char.IsAsciiLetterLower(reference[dash + 1]))
        {
            // {key}-{n}-{random}: the number is the segment before the random part.
            reference = reference[..dash];
            dash = reference.LastIndexOf('-');
            if (dash <= 0 || dash == reference.Length - 1)
            {
                return false;
            }
        }

        if (reference[dash + 1] == '0'
            || !int.TryParse(reference.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            || number < 1)
        {
            number = 0;
            return false;
        }

        key = reference[..dash];
        return true;
    }
}
