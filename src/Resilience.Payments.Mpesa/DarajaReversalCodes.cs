using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// The Reversal API's codes and the outcome class each maps to, each with its source: the result codes of the result Daraja posts to
/// the ResultURL (<see cref="ResultCodes"/>) and the synchronous errors of the request (<see cref="Errors"/>). A reversal result is
/// M-Pesa's final answer after processing: <c>0</c> is a success (money went back), a documented refusal is
/// <see cref="OutcomeKind.Declined"/> (the refund is Rejected, nothing moved), and a code not in the table is
/// <see cref="OutcomeKind.Unknown"/> (settled by a Transaction Status query). A synchronous error is
/// <see cref="OutcomeKind.NotProcessed"/> only when Safaricom documents it as a refusal before processing; anything else after the
/// request may have reached M-Pesa is <see cref="OutcomeKind.Unknown"/>.
/// </summary>
internal static class DarajaReversalCodes
{
    /// <summary>Safaricom's Reversals page: request, result payloads, "Result Codes" and "Error Response Codes" tables.</summary>
    public const string ReversalDocs = "https://developer.safaricom.co.ke/apis/Reversal";

    /// <summary>Why a queue time-out is not a final answer.</summary>
    public const string QueueTimeoutSource = "https://pesakit.landelatech.com/operations/callback-reliability (\"Timeout callbacks are not the same as final failure\") ; https://github.com/osenco/mpesa/wiki/Processing-Timeouts";

    private static readonly FrozenDictionary<string, DarajaResultCode> Table = new DarajaResultCode[]
    {
        new("0", OutcomeKind.Succeeded, "The service request is processed successfully: the money went back to the payer.", ReversalDocs),

        // Declined, not Succeeded: the money went back by another reversal (the portal, or another refund); this request moved
        // nothing, and a success claimed for it could count one reversal twice. A person reconciles it.
        new("R000001", OutcomeKind.Declined, "The transaction has already been reversed.", ReversalDocs),
        new("R000002", OutcomeKind.Declined, "The OriginalTransactionID is invalid: the receipt does not exist on M-Pesa (or, inferred, is not reversible by this short code).", ReversalDocs),
        new("11", OutcomeKind.Declined, "The DebitParty is in an invalid state: the short code's account is not active.", ReversalDocs),
        new("21", OutcomeKind.Declined, "The initiator is not allowed to initiate this request: the API user lacks the Org Reversals Initiator role.", ReversalDocs),
        new("2001", OutcomeKind.Declined, "The initiator information is invalid: wrong initiator name or password (SecurityCredential).", ReversalDocs),
        new("2006", OutcomeKind.Declined, "Declined due to account rule: the short code's account is not active.", ReversalDocs),
        new("2028", OutcomeKind.Declined, "The request is not permitted according to product assignment.", ReversalDocs),
        new("8006", OutcomeKind.Declined, "The security credential is locked: the API user's password is locked.", ReversalDocs),
        new("1", OutcomeKind.Declined, "The balance is insufficient: the short code has not enough money to reverse the payment.", ReversalDocs),
    }.ToFrozenDictionary(static r => r.Code, StringComparer.Ordinal);

    private static readonly DarajaErrorCode[] ErrorTable =
    [
        new("400.002.02", null, OutcomeKind.NotProcessed, "Bad Request - Invalid field: refused by validation.", ReversalDocs),
        new("404.001.03", null, OutcomeKind.NotProcessed, "Invalid Access Token: refused before processing (the adapter refreshes the token and retries once).", ReversalDocs),
        new("404.001.01", null, OutcomeKind.NotProcessed, "Resource not found: wrong endpoint.", ReversalDocs),
        new("500.003.02", null, OutcomeKind.NotProcessed, "Spike Arrest Violation: refused by the API proxy.", ReversalDocs),
        new("500.003.03", null, OutcomeKind.NotProcessed, "Quota Violation: refused by the API proxy.", ReversalDocs),
        new("500.001.1001", null, OutcomeKind.Unknown, "Internal Server Error: a failure after the request was received; it may have been processed.", ReversalDocs),
    ];

    /// <summary>Gets every known reversal result code.</summary>
    public static IReadOnlyCollection<DarajaResultCode> ResultCodes => Table.Values;

    /// <summary>Gets every documented synchronous error of the reversal request.</summary>
    public static IReadOnlyList<DarajaErrorCode> Errors => ErrorTable;

    /// <summary>Classifies a reversal request answered with a Daraja error (see the class remarks); a 4xx not listed is an API proxy refusal (NotProcessed), except 408.</summary>
    /// <param name="httpStatus">The HTTP status.</param>
    /// <param name="errorCode">The errorCode.</param>
    /// <returns>The class.</returns>
    public static OutcomeKind ClassifyError(int httpStatus, string? errorCode)
    {
        var code = errorCode?.Trim();
        foreach (var row in ErrorTable)
        {
            if (string.Equals(row.Code, code, StringComparison.Ordinal))
            {
                return row.Kind;
            }
        }

        return httpStatus is >= 400 and < 500 and not 408 ? OutcomeKind.NotProcessed : OutcomeKind.Unknown;
    }

    /// <summary>Maps a reversal result code.</summary>
    /// <param name="code">The ResultCode (number or string).</param>
    /// <param name="description">The ResultDesc, preferred as the reason.</param>
    /// <param name="conversationId">The reversal's OriginatorConversationID (the refund's provider reference).</param>
    /// <param name="receipt">The reversal's TransactionID, for a success.</param>
    /// <returns>The outcome; <see cref="OutcomeKind.Unknown"/> for a code not in the table.</returns>
    public static ProviderOutcome ToOutcome(string? code, string? description, string? conversationId, string? receipt)
    {
        if (code is null || !Table.TryGetValue(code.Trim(), out var row))
        {
            return ProviderOutcome.Unknown($"Unexpected M-Pesa reversal result code '{code}': {description}", code, conversationId);
        }

        var reason = string.IsNullOrWhiteSpace(description) ? row.Meaning : description;
        return row.Kind == OutcomeKind.Succeeded
            ? ProviderOutcome.Succeeded(receipt, conversationId) with { Code = row.Code, Reason = reason }
            : ProviderOutcome.Declined(row.Code, reason, conversationId);
    }
}
