using System.Collections.Generic;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>
/// The <c>Result</c> object Daraja posts to a ResultURL (Reversal, Transaction Status): codes, conversation ids and the
/// <c>ResultParameters</c> as text by key (the first of a repeated key wins). As the body claims it: verify the URL's token first.
/// </summary>
/// <param name="ResultType">The ResultType (0 completed, 1 waiting for further messages), as text.</param>
/// <param name="ResultCode">The ResultCode, as text (<c>0</c>, <c>R000002</c>).</param>
/// <param name="ResultDesc">The ResultDesc.</param>
/// <param name="OriginatorConversationId">The OriginatorConversationID of the request the result answers.</param>
/// <param name="ConversationId">The ConversationID of the request the result answers.</param>
/// <param name="TransactionId">The TransactionID (for a reversal, the reversal's own M-Pesa receipt).</param>
/// <param name="Parameters">The ResultParameters by key.</param>
internal sealed record DarajaResult(
    string? ResultType,
    string ResultCode,
    string? ResultDesc,
    string? OriginatorConversationId,
    string? ConversationId,
    string? TransactionId,
    IReadOnlyDictionary<string, string?> Parameters);
