using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>Log messages. Never the full phone number, the consumer secret, the passkey, the password or the token.</summary>
internal static partial class DarajaLog
{
    [LoggerMessage(100, LogLevel.Debug, "M-Pesa: fetching an OAuth token from {BaseAddress}")]
    public static partial void FetchingToken(ILogger logger, string? baseAddress);

    [LoggerMessage(101, LogLevel.Warning, "M-Pesa: access token rejected (404.001.03); refreshing once and retrying {Operation}")]
    public static partial void TokenRejected(ILogger logger, string operation);

    [LoggerMessage(102, LogLevel.Information, "M-Pesa STK push {AttemptReference} to {Phone} for KES {Amount}: {Outcome} {Code} {CheckoutRequestId}")]
    public static partial void StkPush(ILogger logger, string attemptReference, string phone, string amount, OutcomeKind outcome, string? code, string? checkoutRequestId);

    [LoggerMessage(103, LogLevel.Information, "M-Pesa STK query {CheckoutRequestId}: {Outcome} {Code}")]
    public static partial void StkQuery(ILogger logger, string checkoutRequestId, OutcomeKind outcome, string? code);

    [LoggerMessage(104, LogLevel.Warning, "M-Pesa STK push {AttemptReference} not sent: {Reason}")]
    public static partial void NotSent(ILogger logger, string attemptReference, string reason);

    [LoggerMessage(105, LogLevel.Information, "M-Pesa statement check for unanswered STK push {AttemptReference}: {Outcome} {Reason}")]
    public static partial void Statement(ILogger logger, string attemptReference, OutcomeKind outcome, string? reason);
}
