using Microsoft.Extensions.Logging;

namespace Resilience.Payments.AirtelMoney.Internal;

/// <summary>Log messages. Never the full phone number, the client secret or the token.</summary>
internal static partial class AirtelLog
{
    [LoggerMessage(300, LogLevel.Debug, "Airtel Money: fetching an OAuth token from {BaseAddress}")]
    public static partial void FetchingToken(ILogger logger, string baseAddress);

    [LoggerMessage(301, LogLevel.Warning, "Airtel Money: access token rejected (HTTP 401); refreshing once and retrying {Operation}")]
    public static partial void TokenRejected(ILogger logger, string operation);

    [LoggerMessage(302, LogLevel.Information, "Airtel Money collection {AttemptReference} from {Phone} for {Amount}: HTTP {HttpStatus} -> {Outcome} {Code}")]
    public static partial void Collection(ILogger logger, string attemptReference, string phone, string amount, int httpStatus, OutcomeKind outcome, string? code);

    [LoggerMessage(303, LogLevel.Information, "Airtel Money enquiry {TransactionId}: HTTP {HttpStatus} -> {Outcome} {Code}")]
    public static partial void Enquiry(ILogger logger, string transactionId, int httpStatus, OutcomeKind outcome, string? code);

    [LoggerMessage(304, LogLevel.Warning, "Airtel Money {Operation} {Reference}: no answer -> {Outcome}: {Reason}")]
    public static partial void NoAnswer(ILogger logger, string operation, string reference, OutcomeKind outcome, string? reason);

    [LoggerMessage(305, LogLevel.Warning, "Airtel Money collection {AttemptReference} not sent: {Reason}")]
    public static partial void NotSent(ILogger logger, string attemptReference, string reason);

    [LoggerMessage(306, LogLevel.Information, "Airtel Money callback for {TransactionId} (says {StatusCode}): enquiry -> {Outcome}; {Applied} update(s)")]
    public static partial void Callback(ILogger logger, string transactionId, string? statusCode, OutcomeKind outcome, int applied);

    [LoggerMessage(307, LogLevel.Warning, "Airtel Money callback rejected: {Reason}")]
    public static partial void CallbackRejected(ILogger logger, string reason);
}
