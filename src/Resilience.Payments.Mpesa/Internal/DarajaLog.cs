using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>Log messages. Never the full phone number, the consumer secret, the passkey, the password or the token. Codes, reasons and references from the provider or a callback go through <see cref="ProviderText.Scrub"/>.</summary>
internal static partial class DarajaLog
{
    [LoggerMessage(3000, LogLevel.Debug, "M-Pesa: fetching an OAuth token from {BaseAddress}")]
    public static partial void FetchingToken(ILogger logger, string baseAddress);

    public static void StkPush(ILogger logger, string attemptReference, string phone, string amount, OutcomeKind outcome, string? code, string? checkoutRequestId) =>
        StkPushScrubbed(logger, attemptReference, phone, amount, outcome, ProviderText.ForLog(code), ProviderText.ForLog(checkoutRequestId));

    [LoggerMessage(3002, LogLevel.Information, "M-Pesa STK push {AttemptReference} to {Phone} for KES {Amount}: {Outcome} {Code} {CheckoutRequestId}")]
    private static partial void StkPushScrubbed(ILogger logger, string attemptReference, string phone, string amount, OutcomeKind outcome, string code, string checkoutRequestId);

    public static void StkQuery(ILogger logger, string checkoutRequestId, OutcomeKind outcome, string? code) =>
        StkQueryScrubbed(logger, ProviderText.Scrub(checkoutRequestId), outcome, ProviderText.ForLog(code));

    [LoggerMessage(3003, LogLevel.Information, "M-Pesa STK query {CheckoutRequestId}: {Outcome} {Code}")]
    private static partial void StkQueryScrubbed(ILogger logger, string checkoutRequestId, OutcomeKind outcome, string code);

    public static void NotSent(ILogger logger, string attemptReference, string reason) =>
        NotSentScrubbed(logger, attemptReference, ProviderText.Scrub(reason));

    [LoggerMessage(3004, LogLevel.Warning, "M-Pesa STK push {AttemptReference} not sent: {Reason}")]
    private static partial void NotSentScrubbed(ILogger logger, string attemptReference, string reason);

    public static void Statement(ILogger logger, string attemptReference, OutcomeKind outcome, string? reason) =>
        StatementScrubbed(logger, attemptReference, outcome, ProviderText.ForLog(reason));

    [LoggerMessage(3005, LogLevel.Information, "M-Pesa statement check for unanswered STK push {AttemptReference}: {Outcome} {Reason}")]
    private static partial void StatementScrubbed(ILogger logger, string attemptReference, OutcomeKind outcome, string reason);

    public static void Reversal(ILogger logger, string refundReference, string amount, OutcomeKind outcome, string? code, string? conversationId) =>
        ReversalScrubbed(logger, ProviderText.Scrub(refundReference), amount, outcome, ProviderText.ForLog(code), ProviderText.ForLog(conversationId));

    [LoggerMessage(3006, LogLevel.Information, "M-Pesa reversal for refund {RefundReference} of KES {Amount}: {Outcome} {Code} {ConversationId}")]
    private static partial void ReversalScrubbed(ILogger logger, string refundReference, string amount, OutcomeKind outcome, string code, string conversationId);

    public static void ReversalNotSent(ILogger logger, string refundReference, string reason) =>
        ReversalNotSentScrubbed(logger, ProviderText.Scrub(refundReference), ProviderText.Scrub(reason));

    [LoggerMessage(3007, LogLevel.Warning, "M-Pesa reversal for refund {RefundReference} not sent: {Reason}")]
    private static partial void ReversalNotSentScrubbed(ILogger logger, string refundReference, string reason);

    public static void RefundStatusQuery(ILogger logger, string refundReference, OutcomeKind outcome, string? code) =>
        RefundStatusQueryScrubbed(logger, ProviderText.Scrub(refundReference), outcome, ProviderText.ForLog(code));

    [LoggerMessage(3008, LogLevel.Information, "M-Pesa Transaction Status query for refund {RefundReference}: {Outcome} {Code}")]
    private static partial void RefundStatusQueryScrubbed(ILogger logger, string refundReference, OutcomeKind outcome, string code);
}
