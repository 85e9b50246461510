using System;
using System.Threading;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// The secret path segments of the mapped callback endpoints (<see cref="PaymentCallbackOptions.SecretPathSegment"/>), registered
/// by <c>MapPaymentCallbacks</c>, so that <see cref="RedactingScopeProvider"/> keeps them out of logging scopes.
/// </summary>
internal sealed class CallbackSecrets
{
    /// <summary>What replaces a secret segment in a logged value.</summary>
    public const string Redacted = "***";

    private string[] _secrets = [];

    /// <summary>Gets the secrets (an immutable snapshot; empty until an endpoint with a secret is mapped).</summary>
    public string[] Current => Volatile.Read(ref _secrets);

    /// <summary>Adds a secret.</summary>
    public void Add(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        while (true)
        {
            var current = Current;
            if (Array.Exists(current, s => string.Equals(s, secret, StringComparison.Ordinal)))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _secrets, [.. current, secret], current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Returns whether <paramref name="value"/> holds a secret (ignoring case: a near miss is as telling as the secret).</summary>
    public static bool Appears(string[] secrets, string value)
    {
        foreach (var secret in secrets)
        {
            if (value.Contains(secret, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns <paramref name="value"/> with every secret replaced by <see cref="Redacted"/>.</summary>
    public static string Redact(string[] secrets, string value)
    {
        foreach (var secret in secrets)
        {
            value = value.Replace(secret, Redacted, StringComparison.OrdinalIgnoreCase);
        }

        return value;
    }
}
