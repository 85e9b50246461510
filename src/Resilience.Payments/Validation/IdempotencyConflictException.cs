using System;

namespace Resilience.Payments;

/// <summary>
/// The idempotency key is already used by a payment whose request differs (amount, instruments,
/// reference...). Nothing was changed. Use a new key for a new payment.
/// </summary>
public sealed class IdempotencyConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="idempotencyKey">The key in conflict.</param>
    public IdempotencyConflictException(string idempotencyKey)
        : base($"The idempotency key '{idempotencyKey}' is already used by a different payment request. Reuse a key only to retry the very same request.")
    {
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>Creates the exception for a key (a payment's or a refund's) with its own message.</summary>
    internal IdempotencyConflictException(string idempotencyKey, string message)
        : base(message)
    {
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>Creates the exception.</summary>
    public IdempotencyConflictException()
        : this(string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdempotencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        IdempotencyKey = string.Empty;
    }

    /// <summary>Gets the idempotency key in conflict.</summary>
    public string IdempotencyKey { get; }
}
