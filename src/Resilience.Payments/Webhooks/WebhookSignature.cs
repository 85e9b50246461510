using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Resilience.Payments;

/// <summary>
/// The signature of an outgoing webhook, as Stripe signs its own: the header <c>Resilience-Signature: t={unix seconds},v1={hex}</c>,
/// where the hex is HMAC-SHA256 with the shared secret over <c>{t}.{raw body}</c>. A receiver recomputes it over the raw body,
/// compares in constant time, and refuses a timestamp outside its tolerance (a replay).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "Resilience-Signature";

    /// <summary>The default tolerance of <see cref="Verify"/>: 5 minutes either way.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Computes the header's value for a body sent at <paramref name="timestamp"/>.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">When it is sent.</param>
    /// <param name="body">The raw body.</param>
    /// <returns>The header's value.</returns>
    public static string Compute(string secret, DateTimeOffset timestamp, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
#if NET9_0_OR_GREATER
        return "t=" + t + ",v1=" + Convert.ToHexStringLower(Mac(secret, t, body));
#else
        return "t=" + t + ",v1=" + string.Concat(Array.ConvertAll(Mac(secret, t, body), b => b.ToString("x2", CultureInfo.InvariantCulture)));
#endif
    }

    /// <summary>Checks a received header against the raw body, in constant time, and its timestamp against <paramref name="tolerance"/>.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="header">The received <see cref="HeaderName"/> header (may hold several <c>v1=</c> values, during a secret's rotation).</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <param name="now">The current time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>; <see langword="null"/> for <see cref="DefaultTolerance"/>.</param>
    /// <returns><see langword="true"/> when a signature matches and the timestamp is within the tolerance.</returns>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        string? t = null;
        foreach (var part in header.Split(','))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                t = part[2..];
            }
        }

        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
        {
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var expected = Mac(secret, t, body);
        var matched = false;
        foreach (var part in header.Split(','))
        {
            if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + (expected.Length * 2))
            {
                byte[] given;
                try
                {
                    given = Convert.FromHexString(part.AsSpan(3));
                }
                catch (FormatException)
                {
                    continue;
                }

                matched |= CryptographicOperations.FixedTimeEquals(given, expected);
            }
        }

        return matched;
    }

    private static byte[] Mac(string secret, string timestamp, string body) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
}
