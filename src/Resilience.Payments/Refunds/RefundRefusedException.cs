using System;

namespace Resilience.Payments;

/// <summary>
/// The gateway refused a refund before anything was stored or sent: the payment is unknown or not captured, the amount exceeds
/// what is refundable, or the provider cannot refund this way. <see cref="Refusal"/> says which; the message names the field.
/// </summary>
public sealed class RefundRefusedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="refusal">Why.</param>
    /// <param name="field">The request's field at fault (for example <c>Amount</c>).</param>
    /// <param name="message">The explanation.</param>
    public RefundRefusedException(RefundRefusal refusal, string field, string message)
        : base($"{field}: {message}")
    {
        Refusal = refusal;
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public RefundRefusedException()
        : this(RefundRefusal.NotCaptured, "request", "The refund was refused.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public RefundRefusedException(string message)
        : this(RefundRefusal.NotCaptured, "request", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RefundRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "request";
    }

    /// <summary>Gets why the refund was refused.</summary>
    public RefundRefusal Refusal { get; }

    /// <summary>Gets the request's field at fault.</summary>
    public string Field { get; }
}
