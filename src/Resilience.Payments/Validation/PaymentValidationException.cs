using System;
using System.Collections.Generic;
using System.Linq;

namespace Resilience.Payments;

/// <summary>
/// A request was invalid. Nothing was stored and no provider was called. <see cref="Errors"/> names
/// every field at fault; <see cref="ArgumentException.ParamName"/> names the first.
/// </summary>
public sealed class PaymentValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The problems found; at least one.</param>
    public PaymentValidationException(IReadOnlyList<PaymentValidationError> errors)
        : base(Format(errors), errors is { Count: > 0 } ? errors[0].Field : null)
    {
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public PaymentValidationException()
        : this([new PaymentValidationError("request", "The request is invalid.")])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public PaymentValidationException(string message)
        : this([new PaymentValidationError("request", message)])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PaymentValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new PaymentValidationError("request", message)];
    }

    /// <summary>Creates the exception for one field.</summary>
    /// <param name="field">The field at fault.</param>
    /// <param name="message">What is wrong.</param>
    /// <returns>The exception.</returns>
    public static PaymentValidationException For(string field, string message) => new([new PaymentValidationError(field, message)]);

    /// <summary>Gets every problem found, each naming its field.</summary>
    public IReadOnlyList<PaymentValidationError> Errors { get; }

    private static string Format(IReadOnlyList<PaymentValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return "The payment request is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
    }
}
