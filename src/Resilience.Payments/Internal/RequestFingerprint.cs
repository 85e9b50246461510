using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Resilience.Payments.Internal;

/// <summary>
/// A SHA-256 over every field of a request, length-prefixed so no two different requests share a text.
/// Tells a retry of the same request from a conflicting reuse of its idempotency key. <see cref="Equivalent"/> answers
/// the same question for two requests in memory without hashing (the hot path never hashes: see <see cref="PaymentRecord.Fingerprint"/>).
/// </summary>
/// <remarks>
/// Durable stores keep fingerprints, so the text hashed never changes: for each field, its length in UTF-16 code units,
/// a colon and the value (<c>-1:</c> for null), in the order below; the whole text is UTF-8 encoded. The text is built in
/// a stack (or pooled) buffer and hashed into a stack buffer, so a fingerprint allocates only its hex string.
/// </remarks>
internal static class RequestFingerprint
{
    private const string AmountFormat = "0.############################";

    public static string Compute(PaymentRequest request)
    {
        var text = new TextBuffer(stackalloc char[256]);
        try
        {
            text.Field(request.IdempotencyKey);
            text.Field(request.Amount.Currency);
            text.Field(request.Amount.Amount);
            var instruments = request.Instruments;
            text.Field(instruments.Count);
            for (var i = 0; i < instruments.Count; i++)
            {
                text.Field(instruments[i].Canonical);
            }

            text.Field(request.AccountReference);
            text.Field(request.Description);
            if (request.ExpiresAt is { } expiresAt)
            {
                text.Field(expiresAt.UtcTicks);
            }
            else
            {
                text.Field((string?)null);
            }

            text.Field(request.AllowQueue ? "q" : "n");
            if (request.Metadata.Count > 0)
            {
                var entries = new KeyValuePair<string, string>[request.Metadata.Count];
                var n = 0;
                foreach (var entry in request.Metadata)
                {
                    entries[n++] = entry;
                }

                Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                foreach (var (key, value) in entries)
                {
                    text.Field(key);
                    text.Field(value);
                }
            }

            return Hash(text.Written);
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>
    /// Returns whether two requests have the same fingerprint, field by field and without hashing: exactly when
    /// <c>Compute(a) == Compute(b)</c> (barring a SHA-256 collision). Allocates nothing.
    /// </summary>
    public static bool Equivalent(PaymentRequest a, PaymentRequest b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (!string.Equals(a.IdempotencyKey, b.IdempotencyKey, StringComparison.Ordinal)
            || !string.Equals(a.Amount.Currency, b.Amount.Currency, StringComparison.Ordinal)
            || a.Amount.Amount != b.Amount.Amount // equal values have the same text: the format drops trailing zeros
            || !string.Equals(a.AccountReference, b.AccountReference, StringComparison.Ordinal)
            || !string.Equals(a.Description, b.Description, StringComparison.Ordinal)
            || a.ExpiresAt?.UtcTicks != b.ExpiresAt?.UtcTicks
            || a.AllowQueue != b.AllowQueue)
        {
            return false;
        }

        var first = a.Instruments;
        var second = b.Instruments;
        if (first.Count != second.Count)
        {
            return false;
        }

        for (var i = 0; i < first.Count; i++)
        {
            if (!string.Equals(first[i].Canonical, second[i].Canonical, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return SameMetadata(a.Metadata, b.Metadata);
    }

    /// <summary>
    /// Writes the text of <c>value.ToString("0.####...#" (28 #), InvariantCulture)</c> without its cost: the general
    /// format (never an exponent for decimal), then the fraction's trailing zeros and a bare point removed.
    /// </summary>
    /// <returns>The number of characters written (at most 64 are needed).</returns>
    internal static int FormatAmount(decimal value, Span<char> destination)
    {
        if (!value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture))
        {
            var text = value.ToString(AmountFormat, CultureInfo.InvariantCulture);
            text.CopyTo(destination);
            return text.Length;
        }

        if (destination[..written].Contains('.'))
        {
            while (destination[written - 1] == '0')
            {
                written--;
            }

            if (destination[written - 1] == '.')
            {
                written--;
            }
        }

        if (written == 2 && destination[0] == '-' && destination[1] == '0')
        {
            destination[0] = '0'; // a negative zero with a scale ("-0.00") is "0" in the custom format
            written = 1;
        }

        return written;
    }

    /// <summary>
    /// The same entries, keys compared ordinally as the fingerprint's sorted list compares them (whatever comparer
    /// either dictionary has). Keys within one dictionary are distinct, so equal counts and a match for every entry of
    /// <paramref name="a"/> make a one-to-one match. At most 32 entries (validated), so the quadratic search is cheap.
    /// </summary>
    private static bool SameMetadata(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        if (a.Count == 0)
        {
            return true;
        }

        foreach (var (key, value) in a)
        {
            var found = false;
            foreach (var (otherKey, otherValue) in b)
            {
                if (string.Equals(key, otherKey, StringComparison.Ordinal))
                {
                    if (!string.Equals(value, otherValue, StringComparison.Ordinal))
                    {
                        return false;
                    }

                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static string Hash(ReadOnlySpan<char> text)
    {
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= 768 ? stackalloc byte[768] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], hash);
            return Convert.ToHexString(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>A growable character buffer over a stack buffer, then pooled arrays.</summary>
    private ref struct TextBuffer
    {
        private Span<char> _buffer;
        private char[]? _rented;
        private int _length;

        public TextBuffer(Span<char> initial)
        {
            _buffer = initial;
            _rented = null;
            _length = 0;
        }

        public readonly ReadOnlySpan<char> Written => _buffer[.._length];

        public void Field(string? value)
        {
            if (value is null)
            {
                Append("-1:");
                return;
            }

            Length(value.Length);
            Append(value);
        }

        public void Field(int value)
        {
            Span<char> digits = stackalloc char[11];
            value.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
            Length(written);
            Append(digits[..written]);
        }

        public void Field(long value)
        {
            Span<char> digits = stackalloc char[20];
            value.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
            Length(written);
            Append(digits[..written]);
        }

        public void Field(decimal value)
        {
            Span<char> digits = stackalloc char[64];
            var written = FormatAmount(value, digits);
            Length(written);
            Append(digits[..written]);
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<char>.Shared.Return(_rented);
                _rented = null;
            }
        }

        private void Length(int length)
        {
            Span<char> digits = stackalloc char[11];
            length.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
            Append(digits[..written]);
            Append(":");
        }

        private void Append(scoped ReadOnlySpan<char> value)
        {
            if (_length + value.Length > _buffer.Length)
            {
                Grow(value.Length);
            }

            value.CopyTo(_buffer[_length..]);
            _length += value.Length;
        }

        private void Grow(int needed)
        {
            var next = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + needed));
            _buffer[.._length].CopyTo(next);
            if (_rented is not null)
            {
                ArrayPool<char>.Shared.Return(_rented);
            }

            _rented = next;
            _buffer = next;
        }
    }
}
