using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>Log messages. Instruments are logged masked; the consumer key and secret, the token, phone numbers and e-mail addresses never.</summary>
internal static partial class PesapalLog
{
    [LoggerMessage(300, LogLevel.Debug, "Pesapal: requesting a token from {BaseAddress}")]
    public static partial void FetchingToken(ILogger logger, string baseAddress);

    [LoggerMessage(301, LogLevel.Warning, "Pesapal: token rejected (HTTP 401); refreshing once and retrying {Operation}")]
    public static partial void TokenRejected(ILogger logger, string operation);

    [LoggerMessage(302, LogLevel.Information, "Pesapal: IPN registered ({Method}) as notification id {NotificationId}")]
    public static partial void IpnRegistered(ILogger logger, string method, string notificationId);

    [LoggerMessage(303, LogLevel.Information, "Pesapal {Operation} {Reference} ({Instrument}): HTTP {HttpStatus} -> {Outcome} {Code}")]
    public static partial void Answered(ILogger logger, string operation, string reference, string instrument, int httpStatus, OutcomeKind outcome, string? code);

    [LoggerMessage(304, LogLevel.Warning, "Pesapal {Operation} {Reference} ({Instrument}): no answer -> {Outcome} {Code}")]
    public static partial void NoAnswer(ILogger logger, string operation, string reference, string instrument, OutcomeKind outcome, string? code, System.Exception? exception);

    [LoggerMessage(305, LogLevel.Warning, "Pesapal order {Reference} not sent: {Reason}")]
    public static partial void NotSent(ILogger logger, string reference, string reason);

    [LoggerMessage(306, LogLevel.Information, "Pesapal IPN for order {OrderTrackingId}: {Verdict}, confirmed {Outcome} {Detail}")]
    public static partial void Ipn(ILogger logger, string orderTrackingId, string verdict, OutcomeKind? outcome, string? detail);

    [LoggerMessage(307, LogLevel.Warning, "Pesapal IPN for order {OrderTrackingId} named merchant reference {Claimed}, but Pesapal's status says {Actual}; using Pesapal's")]
    public static partial void IpnReferenceMismatch(ILogger logger, string orderTrackingId, string claimed, string? actual);
}
