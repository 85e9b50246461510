using System;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>
/// Reads the refund webhooks (https://paystack.com/docs/payments/webhooks/ and https://paystack.com/docs/payments/refunds/):
/// <c>refund.pending</c>, <c>refund.processing</c>, <c>refund.needs-attention</c>, <c>refund.processed</c> and
/// <c>refund.failed</c>, whose <c>data</c> is the refund (<c>id</c>, <c>status</c>, <c>amount</c> in the subunit,
/// <c>currency</c>, <c>transaction_reference</c>, <c>merchant_note</c>). The caller verifies the signature first.
/// </summary>
internal static class PaystackRefundWebhook
{
    /// <summary>The prefix of every refund event.</summary>
    public const string EventPrefix = "refund.";

    /// <summary>Whether the event is a refund event.</summary>
    public static bool IsRefundEvent(string? @event) => @event is not null && @event.StartsWith(EventPrefix, StringComparison.Ordinal);

    /// <summary>The refund status a refund outcome event reports (<c>refund.processed</c> is <c>processed</c>); <see langword="null"/> for any other event.</summary>
    public static string? Status(string? @event)
    {
        var status = IsRefundEvent(@event) ? @event![EventPrefix.Length..] : null;
        return status is "pending" or "processing" or "needs-attention" or "processed" or "failed" ? status : null;
    }

    /// <summary>Turns a refund webhook into a <see cref="RefundUpdate"/>.</summary>
    /// <param name="answer">The parsed body, whose event is a refund event.</param>
    /// <param name="providerName">The provider name the update carries.</param>
    /// <param name="update">The update, when this returns <see langword="true"/>: the provider reference is the refund's id, the charge's is <c>transaction_reference</c>, the refund's reference is <c>merchant_note</c> (where the adapter sends it).</param>
    /// <param name="error">Why not, when this returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> for a refund outcome event that names its refund or its transaction.</returns>
    public static bool TryParse(PaystackAnswer answer, string providerName, out RefundUpdate? update, out string? error)
    {
        ArgumentNullException.ThrowIfNull(answer);
        update = null;
        if (Status(answer.Event) is not { } status)
        {
            error = $"event '{Truncate(answer.Event ?? "none")}' is not a refund outcome";
            return false;
        }

        if (answer.Data is not { } data)
        {
            error = "the refund event has no data object";
            return false;
        }

        var refundReference = string.IsNullOrWhiteSpace(data.MerchantNote) ? null : data.MerchantNote.Trim();
        if (data.Id is null && data.TransactionReference is null && refundReference is null)
        {
            error = "the refund event names neither the refund (data.id), nor its transaction (data.transaction_reference), nor a merchant_note";
            return false;
        }

        update = new RefundUpdate
        {
            Provider = providerName,
            RefundReference = refundReference,
            ProviderReference = data.Id,
            ChargeProviderReference = data.TransactionReference,
            Outcome = PaystackRefundOutcomes.FromRefundData(data, status),
            Source = OutcomeSource.Callback,
        };
        error = null;
        return true;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64];
}
