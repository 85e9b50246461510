using System;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>
/// The refund notices Daraja posts to the URLs of <see cref="DarajaPaymentProvider.RefundAsync"/> and
/// <see cref="DarajaPaymentProvider.QueryRefundAsync"/>: a reversal's result, a reversal's queue time-out, a Transaction Status
/// result (and its time-out). The URL names the refund and the kind of notice with a token the adapter signed for both; a notice
/// whose token does not verify is refused (HTTP 401) and changes nothing (safety rule 10).
/// </summary>
internal static class DarajaRefundNotices
{
    private const int MaxReferenceLength = 256;

    /// <summary>Handles a refund notice (the callback's URL has <see cref="DarajaPaymentProvider.RefundQueryParameter"/>).</summary>
    /// <param name="provider">The adapter, whose keys verify the token.</param>
    /// <param name="callback">The callback.</param>
    /// <param name="refundReference">The refund named by the URL.</param>
    /// <param name="reply">The reply Daraja expects.</param>
    /// <returns>The result, with at most one refund update.</returns>
    public static PaymentCallbackResult Handle(DarajaPaymentProvider provider, PaymentCallback callback, string refundReference, PaymentCallbackReply reply)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(callback);
        callback.Query.TryGetValue(DarajaPaymentProvider.RefundKindQueryParameter, out var kind);
        callback.Query.TryGetValue(DarajaPaymentProvider.AttemptTokenQueryParameter, out var token);
        if (kind is not (DarajaPaymentProvider.ReversalResultKind or DarajaPaymentProvider.ReversalTimeoutKind
            or DarajaPaymentProvider.StatusResultKind or DarajaPaymentProvider.StatusTimeoutKind))
        {
            return PaymentCallbackResult.Malformed("The URL names a refund but no known notice kind.");
        }

        if (refundReference.Length > MaxReferenceLength || !provider.IsGenuineRefundNotice(kind, refundReference, token))
        {
            return PaymentCallbackResult.Unauthorized("The refund notice's token is missing or does not verify.");
        }

        var timeout = kind is DarajaPaymentProvider.ReversalTimeoutKind or DarajaPaymentProvider.StatusTimeoutKind;
        if (!DarajaResultParser.TryParse(callback.Body.Span, out var result, out var error) && !timeout) // a time-out's body is not needed
        {
            return PaymentCallbackResult.Malformed(error ?? "The body is not a Daraja Result.");
        }

        string[] references = result?.OriginatorConversationId is { } id ? [id] : [];
        RefundUpdate? update = kind switch
        {
            DarajaPaymentProvider.ReversalResultKind => Update(provider, refundReference, DarajaReversalAnswers.MapReversalResult(result!), result!.OriginatorConversationId, OutcomeSource.Callback),

            // Daraja's queue timed the request out: not documented as "not processed", so Unknown, settled by Transaction Status.
            // Source: DarajaReversalCodes.QueueTimeoutSource.
            DarajaPaymentProvider.ReversalTimeoutKind => Update(
                provider,
                refundReference,
                ProviderOutcome.Unknown("M-Pesa's queue timed the reversal out (QueueTimeOutURL); it may still be processed: settled by a Transaction Status query.", "QueueTimeout", result?.OriginatorConversationId),
                result?.OriginatorConversationId,
                OutcomeSource.Callback),
            DarajaPaymentProvider.StatusResultKind => DarajaReversalAnswers.MapStatusResult(result!, out var reversal) is { } outcome
                ? Update(provider, refundReference, outcome, reversal, OutcomeSource.StatusQuery)
                : null,
            _ => null, // a status query's time-out: ask again later
        };

        return update is null
            ? new PaymentCallbackResult
            {
                Verdict = PaymentCallbackVerdict.Accepted,
                Reply = reply,
                References = references,
                Reason = "The refund notice proves nothing yet; the reconciler asks again.",
            }
            : new PaymentCallbackResult
            {
                Verdict = PaymentCallbackVerdict.Accepted,
                Reply = reply,
                References = references,
                RefundUpdates = [update],
            };
    }

    private static RefundUpdate Update(DarajaPaymentProvider provider, string refundReference, ProviderOutcome outcome, string? providerReference, OutcomeSource source) => new()
    {
        Provider = provider.Name,
        RefundReference = refundReference,
        ProviderReference = string.IsNullOrWhiteSpace(providerReference) ? null : providerReference,
        Outcome = outcome,
        Source = source,
    };
}
