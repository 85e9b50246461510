using System;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Paystack.Internal;

namespace Resilience.Payments.Paystack;

/// <summary>
/// The <see cref="IPaymentCallbackHandler"/> of Paystack webhooks: verifies <c>x-paystack-signature</c> (HMAC-SHA512 of the raw
/// body, compared in constant time, through <see cref="PaystackWebhook"/>) before reading anything, then turns
/// <c>charge.success</c> / <c>charge.failed</c> into an update, and the refund events (<c>refund.pending</c>, <c>refund.processing</c>,
/// <c>refund.needs-attention</c>, <c>refund.processed</c>, <c>refund.failed</c>) into a refund update.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Missing or wrong signature: <see cref="PaymentCallbackVerdict.Unauthorized"/> (HTTP 401); the body is not even parsed.</item>
/// <item>Signed, but not a JSON object, or a charge event without <c>data.reference</c>: <see cref="PaymentCallbackVerdict.Malformed"/> (HTTP 400).</item>
/// <item>Signed, other events (<c>transfer.*</c>, <c>subscription.*</c>, ...): <see cref="PaymentCallbackVerdict.Ignored"/> (HTTP 200, so Paystack does not retry).</item>
/// <item>Signed charge outcome: <see cref="PaymentCallbackVerdict.Accepted"/> with one update (HTTP 200). Signed webhooks need no status query.</item>
/// <item>Signed refund outcome: <see cref="PaymentCallbackVerdict.Accepted"/> with one <see cref="PaymentCallbackResult.RefundUpdates"/> entry (HTTP 200);
/// other <c>refund.*</c> events, and refund events naming no refund, transaction nor note, are Ignored; one without a data object is Malformed.</item>
/// </list>
/// </remarks>
internal sealed class PaystackCallbackHandler : IPaymentCallbackHandler
{
    private readonly PaystackWebhook _webhook;

    /// <summary>Creates the handler.</summary>
    /// <param name="webhook">Verifies and parses webhooks; its <see cref="PaystackWebhook.ProviderName"/> is the handler's <see cref="Provider"/>.</param>
    public PaystackCallbackHandler(PaystackWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        _webhook = webhook;
    }

    /// <inheritdoc />
    public string Provider => _webhook.ProviderName;

    /// <inheritdoc />
    public Task<PaymentCallbackResult> HandleAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Task.FromResult(Handle(callback));
    }

    private PaymentCallbackResult Handle(PaymentCallback callback)
    {
        callback.Headers.TryGetValue(PaystackWebhook.SignatureHeader, out var signature);
        var body = callback.Body.Span;
        if (!_webhook.VerifiesSignature(body, signature))
        {
            return PaymentCallbackResult.Unauthorized("the x-paystack-signature header is missing or does not match the body");
        }

        if (PaystackJson.TryRead(body) is { } refund && PaystackRefundWebhook.IsRefundEvent(refund.Event))
        {
            return HandleRefund(refund);
        }

        if (_webhook.TryParse(body, out var update, out var error) && update is not null)
        {
            return PaymentCallbackResult.Accepted([update], PaymentCallbackReply.Ok, [update.AttemptReference ?? update.ProviderReference ?? string.Empty]);
        }

        // Genuine, but not a charge outcome: tell a malformed body from an event the gateway does not track.
        var answer = PaystackJson.TryRead(body);
        if (answer is null)
        {
            return PaymentCallbackResult.Malformed("the body is not a JSON object");
        }

        if (answer.Event is "charge.success" or "charge.failed" || answer.Event is null)
        {
            return PaymentCallbackResult.Malformed(error ?? "the body is not a charge event");
        }

        return PaymentCallbackResult.Ignored($"event '{Truncate(answer.Event)}' is not a charge outcome");
    }

    /// <summary>A genuine refund event: its update, or Ignored for refund events that report no outcome, or Malformed.</summary>
    private PaymentCallbackResult HandleRefund(PaystackAnswer answer)
    {
        if (PaystackRefundWebhook.TryParse(answer, _webhook.ProviderName, out var update, out var error) && update is not null)
        {
            return new PaymentCallbackResult
            {
                Verdict = PaymentCallbackVerdict.Accepted,
                RefundUpdates = [update],
                Reply = PaymentCallbackReply.Ok,
                References = [update.ProviderReference ?? update.ChargeProviderReference ?? update.RefundReference ?? string.Empty],
            };
        }

        // A refund outcome without a data object is malformed; one that names nothing the gateway can match (no refund id, no
        // transaction reference, no note), or another refund event, is genuine but useless: acknowledged, so Paystack does not retry.
        error ??= "the refund event was not read";
        return PaystackRefundWebhook.Status(answer.Event) is not null && answer.Data is null ? PaymentCallbackResult.Malformed(error) : PaymentCallbackResult.Ignored(error);
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64];
}
