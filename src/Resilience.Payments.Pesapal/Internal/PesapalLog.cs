using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>Log messages. Instruments are logged masked; the consumer key and secret, the token, phone numbers and e-mail addresses never. Codes, reasons and references from the provider or a callback go through <see cref="ProviderText.Scrub"/>.</summary>
internal static partial class PesapalLog
{
    [LoggerMessage(3300, LogLevel.Debug, "Pesapal: requesting a token from {BaseAddress}")]
    public static partial void FetchingToken(ILogger logger, string baseAddress);

    [LoggerMessage(3302, LogLevel.Information, "Pesapal: IPN registered ({Method}) as notification id {NotificationId}")]
    public static partial void IpnRegistered(ILogger logger, string method, string notificationId);

    public static void Answered(ILogger logger, string operation, string reference, string instrument, int httpStatus, OutcomeKind outcome, string? code) =>
        AnsweredScrubbed(logger, operation, reference, instrument, httpStatus, outcome, ProviderText.ForLog(code));

    [LoggerMessage(3303, LogLevel.Information, "Pesapal {Operation} {Reference} ({Instrument}): HTTP {HttpStatus} -> {Outcome} {Code}")]
    private static partial void AnsweredScrubbed(ILogger logger, string operation, string reference, string instrument, int httpStatus, OutcomeKind outcome, string code);

    public static void NoAnswer(ILogger logger, string operation, string reference, string instrument, OutcomeKind outcome, string? code, System.Exception? exception) =>
        NoAnswerScrubbed(logger, operation, reference, instrument, outcome, ProviderText.ForLog(code), exception);

    [LoggerMessage(3304, LogLevel.Warning, "Pesapal {Operation} {Reference} ({Instrument}): no answer -> {Outcome} {Code}")]
    private static partial void NoAnswerScrubbed(ILogger logger, string operation, string reference, string instrument, OutcomeKind outcome, string code, System.Exception? exception);

    public static void NotSent(ILogger logger, string reference, string reason) =>
        NotSentScrubbed(logger, reference, ProviderText.Scrub(reason));

    [LoggerMessage(3305, LogLevel.Warning, "Pesapal order {Reference} not sent: {Reason}")]
    private static partial void NotSentScrubbed(ILogger logger, string reference, string reason);

    public static void Ipn(ILogger logger, string orderTrackingId, string verdict, OutcomeKind? outcome, string? detail) =>
        IpnScrubbed(logger, ProviderText.Scrub(orderTrackingId), verdict, outcome?.ToString() ?? "none", ProviderText.ForLog(detail));

    [LoggerMessage(3306, LogLevel.Information, "Pesapal IPN for order {OrderTrackingId}: {Verdict}, confirmed {Outcome} {Detail}")]
    private static partial void IpnScrubbed(ILogger logger, string orderTrackingId, string verdict, string outcome, string detail);

    public static void IpnReferenceMismatch(ILogger logger, string orderTrackingId, string claimed, string? actual) =>
        IpnReferenceMismatchScrubbed(logger, ProviderText.Scrub(orderTrackingId), ProviderText.Scrub(claimed), ProviderText.ForLog(actual));

    [LoggerMessage(3307, LogLevel.Warning, "Pesapal IPN for order {OrderTrackingId} named merchant reference {Claimed}, but Pesapal's status says {Actual}; using Pesapal's")]
    private static partial void IpnReferenceMismatchScrubbed(ILogger logger, string orderTrackingId, string claimed, string actual);

    public static void RefundNotSent(ILogger logger, string refundReference, string reason) =>
        RefundNotSentScrubbed(logger, refundReference, ProviderText.Scrub(reason));

    [LoggerMessage(3308, LogLevel.Warning, "Pesapal refund {RefundReference} not sent: {Reason}")]
    private static partial void RefundNotSentScrubbed(ILogger logger, string refundReference, string reason);
}
