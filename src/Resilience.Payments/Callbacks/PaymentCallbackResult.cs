using System;
using System.Collections.Generic;

namespace Resilience.Payments.Callbacks;

/// <summary>What a <see cref="IPaymentCallbackHandler"/> made of a callback: the verdict, the updates to apply and the reply.</summary>
public sealed record PaymentCallbackResult
{
    /// <summary>Gets the verdict.</summary>
    public required PaymentCallbackVerdict Verdict { get; init; }

    /// <summary>
    /// Gets the updates to apply through <see cref="IPaymentGateway.ApplyProviderUpdateAsync"/>: verified (signed callbacks) or
    /// confirmed by a status query (unsigned ones). Empty when the callback could not be confirmed yet (reconciliation will).
    /// </summary>
    public IReadOnlyList<ProviderUpdate> Updates { get; init; } = [];

    /// <summary>
    /// Gets the refund updates to apply through <see cref="IPaymentGateway.ApplyRefundUpdateAsync"/> (a reversal result, a refund
    /// webhook), verified or confirmed as <see cref="Updates"/> are. Default empty.
    /// </summary>
    public IReadOnlyList<RefundUpdate> RefundUpdates { get; init; } = [];

    /// <summary>
    /// Gets the provider's references the callback named (for example a CheckoutRequestID), for the audit of callbacks that match
    /// no payment. Never holds secrets, card numbers or phone numbers.
    /// </summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Gets why the callback was rejected or ignored, for logs. Never holds secrets or personal data.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the answer the provider expects.</summary>
    public required PaymentCallbackReply Reply { get; init; }

    /// <summary>Creates an <see cref="PaymentCallbackVerdict.Accepted"/> result.</summary>
    /// <param name="updates">The confirmed updates.</param>
    /// <param name="reply">The reply; <see cref="PaymentCallbackReply.Ok"/> when <see langword="null"/>.</param>
    /// <param name="references">The provider references named by the callback.</param>
    /// <returns>The result.</returns>
    public static PaymentCallbackResult Accepted(IReadOnlyList<ProviderUpdate> updates, PaymentCallbackReply? reply = null, IReadOnlyList<string>? references = null)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return new PaymentCallbackResult { Verdict = PaymentCallbackVerdict.Accepted, Updates = updates, Reply = reply ?? PaymentCallbackReply.Ok, References = references ?? [] };
    }

    /// <summary>Creates an <see cref="PaymentCallbackVerdict.Ignored"/> result.</summary>
    /// <param name="reason">Why it was ignored.</param>
    /// <param name="reply">The reply; <see cref="PaymentCallbackReply.Ok"/> when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static PaymentCallbackResult Ignored(string reason, PaymentCallbackReply? reply = null) =>
        new() { Verdict = PaymentCallbackVerdict.Ignored, Reason = reason, Reply = reply ?? PaymentCallbackReply.Ok };

    /// <summary>Creates a <see cref="PaymentCallbackVerdict.Malformed"/> result (HTTP 400 unless another reply is given).</summary>
    /// <param name="reason">What is wrong with the body.</param>
    /// <param name="reply">The reply; <see cref="PaymentCallbackReply.BadRequest"/> when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static PaymentCallbackResult Malformed(string reason, PaymentCallbackReply? reply = null) =>
        new() { Verdict = PaymentCallbackVerdict.Malformed, Reason = reason, Reply = reply ?? PaymentCallbackReply.BadRequest };

    /// <summary>Creates an <see cref="PaymentCallbackVerdict.Unauthorized"/> result (HTTP 401).</summary>
    /// <param name="reason">Why the signature was refused.</param>
    /// <returns>The result.</returns>
    public static PaymentCallbackResult Unauthorized(string reason) =>
        new() { Verdict = PaymentCallbackVerdict.Unauthorized, Reason = reason, Reply = PaymentCallbackReply.Unauthorized };
}
