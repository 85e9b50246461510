using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace Resilience.Payments.Callbacks;

/// <summary>
/// Signs what an adapter puts in a callback URL (the attempt's reference) so that the callback handler can tell a URL the library
/// issued from a forged one (safety rule 10): HMAC-SHA256 under a secret key, compared in constant time. Supports key rotation:
/// the first key signs, every key verifies, so a callback issued before a rotation is still accepted while its old key is listed.
/// </summary>
/// <remarks>
/// A token binds one purpose and one value (for example <c>daraja-attempt</c> and <c>{key}-{n}-{random}</c>): a token issued for one
/// attempt is worthless for any other. Keys are at least 32 characters; keep them with the application's other secrets.
/// </remarks>
public sealed class CallbackTokenSigner
{
    /// <summary>The shortest key accepted: 32 characters.</summary>
    public const int MinKeyLength = 32;

    private readonly byte[][] _keys;

    /// <summary>Creates a signer.</summary>
    /// <param name="keys">The keys, newest first: the first signs, every one verifies. At least one, each at least <see cref="MinKeyLength"/> characters.</param>
    /// <exception cref="ArgumentException">No key, or a key shorter than <see cref="MinKeyLength"/>.</exception>
    public CallbackTokenSigner(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = new List<byte[]>();
        foreach (var key in keys)
        {
            if (string.IsNullOrEmpty(key) || key.Length < MinKeyLength)
            {
                throw new ArgumentException($"Callback signing keys must be at least {MinKeyLength} characters.", nameof(keys));
            }

            list.Add(Encoding.UTF8.GetBytes(key));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("At least one callback signing key is required.", nameof(keys));
        }

        _keys = [.. list];
    }

    /// <summary>Signs a value for a purpose.</summary>
    /// <param name="purpose">What the token is for (for example <c>daraja-attempt</c>).</param>
    /// <param name="value">The value carried beside the token.</param>
    /// <returns>The token: 43 URL-safe characters.</returns>
    public string Sign(string purpose, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentNullException.ThrowIfNull(value);
        return Base64Url(Mac(_keys[0], purpose, value));
    }

    /// <summary>Returns whether <paramref name="token"/> was made by <see cref="Sign"/> for this purpose and value under any of the keys.</summary>
    /// <param name="purpose">What the token is for.</param>
    /// <param name="value">The value carried beside the token.</param>
    /// <param name="token">The token received, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when it is genuine.</returns>
    public bool Verify(string purpose, string? value, string? token)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        if (value is null || token is null || token.Length != 43)
        {
            return false;
        }

        Span<byte> received = stackalloc byte[32];
        if (!TryFromBase64Url(token, received))
        {
            return false;
        }

        var genuine = false;
        foreach (var key in _keys)
        {
            genuine |= CryptographicOperations.FixedTimeEquals(Mac(key, purpose, value), received); // every key is tried: no early exit
        }

        return genuine;
    }

    private static byte[] Mac(byte[] key, string purpose, string value) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Concat(purpose, "\n", value)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string token, Span<byte> destination)
    {
        var padded = token.Replace('-', '+').Replace('_', '/') + "=";
        return Convert.TryFromBase64String(padded, destination, out var written) && written == 32;
    }
}
