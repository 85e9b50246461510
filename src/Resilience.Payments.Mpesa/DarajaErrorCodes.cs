using System;
using System.Collections.Generic;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// The synchronous Daraja errors an STK push can get, with the outcome class each maps to and its source. Only an answer Safaricom
/// documents as a refusal before processing is <see cref="OutcomeKind.NotProcessed"/> (the payment may then fail over); anything
/// else received after the push was sent, a generic 5xx included, is <see cref="OutcomeKind.Unknown"/>: the push may have reached
/// M-Pesa, so the payment is reconciled before anything else is tried (safety rule 1).
/// </summary>
internal static class DarajaErrorCodes
{
    /// <summary>Safaricom's M-Pesa Express page, whose "Common Error Codes" and "Result codes" tables are the primary source.</summary>
    public const string MpesaExpressDocs = "https://developer.safaricom.co.ke/apis/MpesaExpressSimulate";

    /// <summary>Safaricom's Transaction Status page, whose error table documents the other Daraja 4xx codes.</summary>
    public const string TransactionStatusDocs = "https://developer.safaricom.co.ke/apis/TransactionStatus";

    /// <summary>
    /// Apigee's comparison of its rate-limit policies: SpikeArrest and Quota are attached to the proxy's request PreFlow and refuse
    /// a request there (HTTP 500 by default, 429 when configured), before it is forwarded to the target.
    /// </summary>
    public const string ApigeeRateLimitDocs = "https://docs.apigee.com/api-services/content/comparing-quota-spike-arrest-and-concurrent-rate-limit-policies";

    /// <summary>Apigee's SpikeArrest runtime errors page: the <c>{"fault":{"faultstring","detail":{"errorcode"}}}</c> body of a policy's refusal.</summary>
    public const string ApigeeSpikeArrestErrorsDocs = "https://docs.apigee.com/api-platform/troubleshoot/policies/runtime/spike-arrest-runtime-errors";

    // Daraja's API proxy (Apigee) sometimes answers with its own fault body instead of {"errorCode","errorMessage"}: public Daraja
    // clients handle {"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{...}","detail":{"errorcode":
    // "policies.ratelimit.SpikeArrestViolation"}}} from sandbox and production. Only the rate-limit policies' refusals are listed:
    // they stop the request in the proxy, so the STK push never reached M-Pesa (the same answer Safaricom documents as 500.003.02
    // and 500.003.03). Any other fault (a gateway timeout, a failed service callout) may come after the push was forwarded: Unknown.
    private static readonly DarajaErrorCode[] ProxyFaultTable =
    [
        new("policies.ratelimit.SpikeArrestViolation", null, OutcomeKind.NotProcessed, "Spike arrest violation, refused by Daraja's API proxy before forwarding.", ApigeeRateLimitDocs + " ; " + ApigeeSpikeArrestErrorsDocs),
        new("policies.ratelimit.QuotaViolation", null, OutcomeKind.NotProcessed, "Quota violation, refused by Daraja's API proxy before forwarding.", ApigeeRateLimitDocs),
    ];

    private static readonly DarajaErrorCode[] Table =
    [
        new("400.002.02", null, OutcomeKind.NotProcessed, "Bad Request - Invalid field: the request was refused by validation.", MpesaExpressDocs),
        new("404.001.03", null, OutcomeKind.NotProcessed, "Invalid Access Token: refused before processing (the adapter refreshes the token and retries once).", MpesaExpressDocs),
        new("404.001.01", null, OutcomeKind.NotProcessed, "Resource not found: wrong endpoint.", MpesaExpressDocs),
        new("405.001", null, OutcomeKind.NotProcessed, "Method Not Allowed.", MpesaExpressDocs),
        new("500.001.1001", "merchant does not exist", OutcomeKind.NotProcessed, "Merchant does not exist: the BusinessShortCode is not the one used on Go Live.", MpesaExpressDocs),
        new("500.001.1001", "wrong credentials", OutcomeKind.NotProcessed, "Wrong credentials: the Password does not match the BusinessShortCode and Timestamp.", MpesaExpressDocs),
        new("500.001.1001", "unable to lock subscriber", OutcomeKind.NotProcessed, "Unable to lock subscriber: a transaction is already in process for the payer; no prompt was sent (wait a minute).", MpesaExpressDocs),
        new("500.003.02", null, OutcomeKind.NotProcessed, "System is busy / Spike Arrest Violation: too many requests per second, refused by the API proxy.", MpesaExpressDocs),
        new("500.003.03", null, OutcomeKind.NotProcessed, "Quota Violation: the API request limit is exceeded, refused by the API proxy.", MpesaExpressDocs),
        new("500.003.1001", null, OutcomeKind.Unknown, "Internal Server Error: a generic backend failure after the request was received; it may have been processed.", MpesaExpressDocs),
    ];

    /// <summary>Gets every documented STK push error, in the order of the table.</summary>
    public static IReadOnlyList<DarajaErrorCode> All => Table;

    /// <summary>Gets the API proxy's fault codes (<c>fault.detail.errorcode</c>) known to refuse a request before it is forwarded.</summary>
    public static IReadOnlyList<DarajaErrorCode> ProxyFaults => ProxyFaultTable;

    /// <summary>
    /// Classifies an STK push answered with the API proxy's own fault body (<c>{"fault":{"faultstring","detail":{"errorcode"}}}</c>):
    /// <see cref="OutcomeKind.NotProcessed"/> for a row of <see cref="ProxyFaults"/>, whatever the HTTP status (Apigee answers these
    /// with 500 by default); <see cref="OutcomeKind.Unknown"/> for any other fault.
    /// </summary>
    /// <param name="faultCode">The fault's <c>detail.errorcode</c>.</param>
    /// <returns>The outcome class.</returns>
    public static OutcomeKind ClassifyProxyFault(string? faultCode)
    {
        var code = faultCode?.Trim();
        foreach (var row in ProxyFaultTable)
        {
            if (string.Equals(row.Code, code, StringComparison.Ordinal))
            {
                return row.Kind;
            }
        }

        return OutcomeKind.Unknown;
    }

    /// <summary>Finds the documented row for an errorCode and errorMessage.</summary>
    /// <param name="errorCode">The errorCode.</param>
    /// <param name="errorMessage">The errorMessage.</param>
    /// <returns>The row, or <see langword="null"/> when the answer is not documented.</returns>
    public static DarajaErrorCode? Find(string? errorCode, string? errorMessage)
    {
        var code = errorCode?.Trim();
        foreach (var row in Table)
        {
            if (string.Equals(row.Code, code, StringComparison.Ordinal)
                && (row.MessageContains is null || (errorMessage is not null && errorMessage.Contains(row.MessageContains, StringComparison.OrdinalIgnoreCase))))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>
    /// Classifies an STK push answered with a Daraja error: <see cref="OutcomeKind.NotProcessed"/> for a documented refusal (a row of
    /// <see cref="All"/>) and for any Daraja error with an HTTP 4xx status (a refusal by Daraja's API proxy: the other 4xx codes
    /// Safaricom documents, such as <c>400.003.01</c>, <c>404.001.04</c> or <c>400.002.05</c> on <see cref="TransactionStatusDocs"/>,
    /// are all refusals before processing); <see cref="OutcomeKind.Unknown"/> for everything else, including every 5xx whose code
    /// and message are not on the documented not-processed list.
    /// </summary>
    /// <param name="httpStatus">The HTTP status of the answer.</param>
    /// <param name="errorCode">The errorCode.</param>
    /// <param name="errorMessage">The errorMessage.</param>
    /// <returns>The outcome class.</returns>
    public static OutcomeKind ClassifyStkPush(int httpStatus, string? errorCode, string? errorMessage)
    {
        if (Find(errorCode, errorMessage) is { } row)
        {
            return row.Kind;
        }

        return httpStatus is >= 400 and < 500 and not 408 ? OutcomeKind.NotProcessed : OutcomeKind.Unknown; // 408: the proxy timed out, the request may have gone on
    }
}
