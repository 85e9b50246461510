using System;
using System.Globalization;
using System.Linq;
using System.Net;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>
/// The mapping from Paystack's refund answers and refund webhooks to the library's outcome classes. Every row cites its source (the
/// README's "Refunds" table repeats them):
/// <list type="bullet">
/// <item>[refund-api] https://paystack.com/docs/api/refund/ : <c>POST /refund</c> (transaction reference or id, amount in the
/// subunit "cannot be more than the original transaction amount", currency, customer_note, merchant_note), answered
/// <c>"Refund has been queued for processing"</c> with <c>data.status</c> <c>pending</c> and the refund's <c>id</c>;
/// <c>GET /refund/:id</c>; <c>GET /refund?transaction=</c> ("the transaction ID of the refunded transaction");
/// <c>POST /refund/retry_with_customer_details/:id</c> retries "a refund with a needs-attention status" (so needs-attention is
/// not final).</item>
/// <item>[refunds-guide] https://paystack.com/docs/payments/refunds/ : full refund when no amount is passed, partial with an
/// amount; refund statuses pending, processing, needs-attention, failed, processed, and the refund webhooks.</item>
/// <item>[webhooks] https://paystack.com/docs/payments/webhooks/ ("Types of events"): <c>refund.pending</c> "Refund initiated,
/// waiting for response from the processor"; <c>refund.processing</c> "Refund has been received by the processor";
/// <c>refund.processed</c> "Refund has successfully been processed by the processor"; <c>refund.failed</c> "Refund can't be
/// processed. Your account will be credited with refund amount".</item>
/// <item>[errors] https://paystack.com/docs/api/errors/ : 400 "the request was not fulfilled", 401 not authorized, 404 no such
/// resource, 5xx "an error on Paystack's end" (which does not say that nothing was done).</item>
/// <item>[refused] the refusals Paystack answers a refund with (HTTP 400, <c>status:false</c>), as integrators report them:
/// "Transaction has been fully reversed" (nothing left to refund) and "Refund amount cannot be more than ..." (above what is
/// left); "Transaction not found" (HTTP 404/400) for a transaction Paystack does not have. The wording is not in Paystack's
/// reference, so it is matched loosely (<see cref="IsFullyReversed"/>, <see cref="IsAmountTooHigh"/>).</item>
/// </list>
/// </summary>
internal static class PaystackRefundOutcomes
{
    /// <summary>Maps a <c>POST /refund</c> answer.</summary>
    public static ProviderOutcome FromCreate(HttpStatusCode code, PaystackAnswer? answer)
    {
        var status = (int)code;
        if (status is >= 200 and <= 299 && answer is { Status: true, Data: { Status: { Length: > 0 } } data })
        {
            return FromRefundData(data); // [refund-api] "Refund has been queued for processing", data.status pending
        }

        var refusal = status is (>= 200 and <= 299) or (>= 400 and <= 499 and not 429) && answer is { Status: not true };
        if (refusal && IsFullyReversed(answer!.Message))
        {
            // [refused] Nothing is left to refund on the transaction: a final no for this refund.
            return ProviderOutcome.Declined("fully_reversed", answer.Message);
        }

        if (refusal && IsAmountTooHigh(answer!.Message))
        {
            // [refund-api]/[refused] The amount "cannot be more than the original transaction amount" (less earlier refunds).
            return ProviderOutcome.Declined("amount_exceeds_refundable", answer.Message);
        }

        if (status == 429)
        {
            // Not in Paystack's table; a rate limiter refuses before the request is processed (RFC 6585 section 4).
            return ProviderOutcome.NotProcessed(Message(answer, "rate limited by Paystack"), "429");
        }

        if (status is 400 or 401 or 403 or 404 or 422)
        {
            // [errors] 400 "not fulfilled", 401 not authorized (invalid key), 404 "Transaction not found" [refused]: refused before any
            // refund was created.
            return ProviderOutcome.NotProcessed(Message(answer, $"Paystack refused the refund (HTTP {Text(status)})"), IsTransactionNotFound(answer) ? "transaction_not_found" : Text(status));
        }

        if (status is < 200 or > 299)
        {
            // [errors] 5xx does not say that nothing was done: the refund may exist. Settled by QueryRefundAsync, never re-sent.
            return ProviderOutcome.Unknown($"HTTP {Text(status)} from Paystack after the refund was sent", Text(status));
        }

        if (answer is { Status: false })
        {
            // [errors] A refusal in a 2xx envelope, without a refund: nothing was created.
            return ProviderOutcome.NotProcessed(Message(answer, "Paystack refused the refund"), "validation");
        }

        return ProviderOutcome.Unknown(answer is null ? "Paystack answered the refund with a body that is not JSON" : "Paystack answered the refund without data.status", answer is null ? "unreadable" : "no_status");
    }

    /// <summary>Maps a <c>GET /refund/:id</c> answer: anything but a refund with a status is Unknown (the id came from Paystack itself).</summary>
    public static ProviderOutcome FromFetch(HttpStatusCode code, PaystackAnswer? answer, string refundId)
    {
        var status = (int)code;
        return status is >= 200 and <= 299 && answer is { Status: true, Data: { Status: { Length: > 0 } } data }
            ? FromRefundData(data)
            : ProviderOutcome.Unknown(Message(answer, $"HTTP {Text(status)} from Paystack's refund fetch"), Text(status), refundId);
    }

    /// <summary>
    /// Maps a <c>GET /refund?transaction=</c> listing: the refund whose <c>merchant_note</c> carries <paramref name="refundReference"/>
    /// decides; none is "not found", <see cref="OutcomeKind.NotProcessed"/> only when <paramref name="notFoundIsConclusive"/>
    /// (safety rule 11), and never while a refund of the same amount without a note could be this one.
    /// </summary>
    public static ProviderOutcome FromList(HttpStatusCode code, PaystackAnswer? answer, string refundReference, Money amount, bool notFoundIsConclusive, DateTimeOffset conclusiveAt)
    {
        var status = (int)code;
        if (status is < 200 or > 299 || answer is not { Status: true, Items: { } items })
        {
            return ProviderOutcome.Unknown(Message(answer, $"HTTP {Text(status)} from Paystack's refund listing"), Text(status));
        }

        var ours = items.Where(i => Carries(i.MerchantNote, refundReference)).ToList();
        if (ours.Count == 1)
        {
            return FromRefundData(ours[0]);
        }

        if (ours.Count > 1)
        {
            return ProviderOutcome.Unknown($"Paystack lists {Text(ours.Count)} refunds carrying the refund's reference", "ambiguous");
        }

        if (items.Any(i => string.IsNullOrWhiteSpace(i.MerchantNote) && i.Amount == SafeMinor(amount)))
        {
            return ProviderOutcome.Unknown("Paystack lists a refund of the same amount without a merchant note: it may be this one", "ambiguous");
        }

        return notFoundIsConclusive
            ? ProviderOutcome.NotProcessed("Paystack lists no refund carrying the refund's reference", "not_found")
            : ProviderOutcome.Unknown($"Paystack lists no refund carrying the refund's reference yet, but it may still land until {conclusiveAt.ToString("O", CultureInfo.InvariantCulture)}", "not_found");
    }

    /// <summary>Maps a refund's <c>status</c> ([refunds-guide], [webhooks]).</summary>
    /// <param name="data">The refund.</param>
    /// <param name="status">The status to read; <c>data.status</c> when <see langword="null"/> (a webhook passes its event's).</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome FromRefundData(PaystackData data, string? status = null)
    {
        var id = data.Id;
        status = (status ?? data.Status)?.Trim().ToLowerInvariant();
        var amount = PaystackOutcomes.ReportedAmount(data);
        return status switch
        {
            // [webhooks] "successfully been processed by the processor": the money went back. The gateway checks the amount.
            "processed" => ProviderOutcome.Succeeded(id, id) with { Amount = amount, Code = "processed" },

            // [webhooks] "Refund can't be processed. Your account will be credited with refund amount": final, nothing went back.
            "failed" => ProviderOutcome.Declined("failed", "Paystack could not process the refund; the amount returns to the merchant's balance", id) with { Amount = amount },

            // [webhooks] pending "waiting for response from the processor", processing "received by the processor"; [refund-api]
            // needs-attention waits for the customer's account details (retry_with_customer_details): none is final.
            "pending" or "processing" or "needs-attention" or "needs_attention" => ProviderOutcome.Pending(id, $"Paystack reports the refund {status}") with { Code = status, Amount = amount },
            _ => ProviderOutcome.Unknown($"Paystack reports refund status '{status}'", status ?? "no_status", id),
        };
    }

    /// <summary>Whether Paystack refused the refund because the transaction has nothing left to refund ([refused]).</summary>
    public static bool IsFullyReversed(string? message) =>
        message is not null && (message.Contains("fully reversed", StringComparison.OrdinalIgnoreCase) || message.Contains("fully refunded", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether Paystack refused the refund's amount as more than what is left to refund ([refund-api], [refused]).</summary>
    public static bool IsAmountTooHigh(string? message) =>
        message is not null
        && message.Contains("amount", StringComparison.OrdinalIgnoreCase)
        && (message.Contains("cannot be more", StringComparison.OrdinalIgnoreCase)
            || message.Contains("cannot be greater", StringComparison.OrdinalIgnoreCase)
            || message.Contains("exceed", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether Paystack says it has no such transaction ([refused]).</summary>
    public static bool IsTransactionNotFound(PaystackAnswer? answer) =>
        answer is { Status: not true }
        && (string.Equals(answer.Code, "transaction_not_found", StringComparison.OrdinalIgnoreCase)
            || (answer.Message is { } message && message.Contains("not found", StringComparison.OrdinalIgnoreCase) && message.Contains("transaction", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether a refund's <c>merchant_note</c> carries the refund's reference (the adapter sends the reference alone; a person may add words).</summary>
    public static bool Carries(string? merchantNote, string refundReference) =>
        merchantNote is not null && refundReference.Length > 0 && merchantNote.Contains(refundReference, StringComparison.Ordinal);

    private static long? SafeMinor(Money amount)
    {
        try
        {
            return amount.ToMinorUnits();
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string Message(PaystackAnswer? answer, string fallback) =>
        string.IsNullOrWhiteSpace(answer?.Message) ? fallback : answer.Message;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
