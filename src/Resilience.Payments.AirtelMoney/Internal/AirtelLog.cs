using Microsoft.Extensions.Logging;

namespace Resilience.Payments.AirtelMoney.Internal;

/// <summary>Log messages. Never the full phone number, the client secret or the token. Codes, reasons and references from the provider or a callback go through <see cref="ProviderText.Scrub"/>.</summary>
internal static partial class AirtelLog
{
    [LoggerMessage(3100, LogLevel.Debug, "Airtel Money: fetching an OAuth token from {BaseAddress}")]
    public static partial void FetchingToken(ILogger logger, string baseAddress);

    public static void Collection(ILogger logger, string attemptReference, string phone, string amount, int httpStatus, OutcomeKind outcome, string? code) =>
        CollectionScrubbed(logger, attemptReference, phone, amount, httpStatus, outcome, ProviderText.ForLog(code));

    [LoggerMessage(3102, LogLevel.Information, "Airtel Money collection {AttemptReference} from {Phone} for {Amount}: HTTP {HttpStatus} -> {Outcome} {Code}")]
    private static partial void CollectionScrubbed(ILogger logger, string attemptReference, string phone, string amount, int httpStatus, OutcomeKind outcome, string code);

    public static void Enquiry(ILogger logger, string transactionId, int httpStatus, OutcomeKind outcome, string? code) =>
        EnquiryScrubbed(logger, ProviderText.Scrub(transactionId), httpStatus, outcome, ProviderText.ForLog(code));

    [LoggerMessage(3103, LogLevel.Information, "Airtel Money enquiry {TransactionId}: HTTP {HttpStatus} -> {Outcome} {Code}")]
    private static partial void EnquiryScrubbed(ILogger logger, string transactionId, int httpStatus, OutcomeKind outcome, string code);

    public static void NoAnswer(ILogger logger, string operation, string reference, OutcomeKind outcome, string? reason) =>
        NoAnswerScrubbed(logger, operation, reference, outcome, ProviderText.ForLog(reason));

    [LoggerMessage(3104, LogLevel.Warning, "Airtel Money {Operation} {Reference}: no answer -> {Outcome}: {Reason}")]
    private static partial void NoAnswerScrubbed(ILogger logger, string operation, string reference, OutcomeKind outcome, string reason);

    public static void NotSent(ILogger logger, string attemptReference, string reason) =>
        NotSentScrubbed(logger, attemptReference, ProviderText.Scrub(reason));

    [LoggerMessage(3105, LogLevel.Warning, "Airtel Money collection {AttemptReference} not sent: {Reason}")]
    private static partial void NotSentScrubbed(ILogger logger, string attemptReference, string reason);

    public static void Callback(ILogger logger, string transactionId, string? statusCode, OutcomeKind outcome, int applied) =>
        CallbackScrubbed(logger, ProviderText.Scrub(transactionId), ProviderText.ForLog(statusCode), outcome, applied);

    [LoggerMessage(3106, LogLevel.Information, "Airtel Money callback for {TransactionId} (says {StatusCode}): enquiry -> {Outcome}; {Applied} update(s)")]
    private static partial void CallbackScrubbed(ILogger logger, string transactionId, string statusCode, OutcomeKind outcome, int applied);

    public static void CallbackRejected(ILogger logger, string reason) =>
        CallbackRejectedScrubbed(logger, ProviderText.Scrub(reason));

    [LoggerMessage(3107, LogLevel.Warning, "Airtel Money callback rejected: {Reason}")]
    private static partial void CallbackRejectedScrubbed(ILogger logger, string reason);

    public static void Refund(ILogger logger, string refundReference, string attemptReference, string amount, int httpStatus, OutcomeKind outcome, string? code) =>
        RefundScrubbed(logger, refundReference, attemptReference, amount, httpStatus, outcome, ProviderText.ForLog(code));

    [LoggerMessage(3108, LogLevel.Information, "Airtel Money refund {RefundReference} of {AttemptReference} for {Amount}: HTTP {HttpStatus} -> {Outcome} {Code}")]
    private static partial void RefundScrubbed(ILogger logger, string refundReference, string attemptReference, string amount, int httpStatus, OutcomeKind outcome, string code);

    public static void RefundNotSent(ILogger logger, string refundReference, string reason) =>
        RefundNotSentScrubbed(logger, refundReference, ProviderText.Scrub(reason));

    [LoggerMessage(3109, LogLevel.Warning, "Airtel Money refund {RefundReference} not sent: {Reason}")]
    private static partial void RefundNotSentScrubbed(ILogger logger, string refundReference, string reason);
}
