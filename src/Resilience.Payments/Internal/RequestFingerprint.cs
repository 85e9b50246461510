using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Resilience.Payments.Internal;

/// <summary>
/// A SHA-256 over every field of a request, length-prefixed so no two different requests share a text.
/// Tells a retry of the same request from a conflicting reuse of its idempotency key.
/// </summary>
internal static class RequestFingerprint
{
    public static string Compute(PaymentRequest request)
    {
        var text = new StringBuilder(256);
        Append(text, request.IdempotencyKey);
        Append(text, request.Amount.Currency);
        Append(text, request.Amount.Amount.ToString("0.############################", CultureInfo.InvariantCulture));
        Append(text, request.Instruments.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var instrument in request.Instruments)
        {
            Append(text, instrument.Canonical);
        }

        Append(text, request.AccountReference);
        Append(text, request.Description);
        Append(text, request.ExpiresAt?.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(text, request.AllowQueue ? "q" : "n");
        foreach (var (key, value) in request.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Append(text, key);
            Append(text, value);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-1:");
            return;
        }

        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
    }
}
