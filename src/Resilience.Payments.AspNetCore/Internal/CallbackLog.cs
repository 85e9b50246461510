using System.Net;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>Log messages of the callback endpoints. Provider names, references, verdicts and reasons only: never a body, a header, a secret or a phone number. Codes, reasons and references from the provider or a callback go through <see cref="ProviderText.Scrub"/>.</summary>
internal static partial class CallbackLog
{
    /// <summary>Logged in place of an absent value, which a log line would otherwise print as "(null)".</summary>
    private const string None = "none";

    [LoggerMessage(2000, LogLevel.Warning, "Payment callback for {Provider} refused: the secret path segment does not match (404)")]
    public static partial void WrongSecret(ILogger logger, string provider);

    public static void SourceNotAllowed(ILogger logger, string provider, IPAddress? source) =>
        SourceNotAllowedCore(logger, provider, source?.ToString() ?? None);

    [LoggerMessage(2001, LogLevel.Warning, "Payment callback for {Provider} refused: source {Source} is not in the allow-list (403)")]
    private static partial void SourceNotAllowedCore(ILogger logger, string provider, string source);

    [LoggerMessage(2002, LogLevel.Warning, "Payment callback for {Provider} refused: the body is larger than {MaxBodyBytes} bytes (413)")]
    public static partial void TooLarge(ILogger logger, string provider, long maxBodyBytes);

    public static void Rejected(ILogger logger, string provider, Callbacks.PaymentCallbackVerdict verdict, string? reason, int statusCode) =>
        RejectedScrubbed(logger, provider, verdict, ProviderText.Scrub(reason) ?? None, statusCode);

    [LoggerMessage(2003, LogLevel.Warning, "Payment callback for {Provider} rejected: {Verdict}, {Reason} ({StatusCode})")]
    private static partial void RejectedScrubbed(ILogger logger, string provider, Callbacks.PaymentCallbackVerdict verdict, string reason, int statusCode);

    public static void Ignored(ILogger logger, string provider, string? reason) =>
        IgnoredScrubbed(logger, provider, ProviderText.Scrub(reason) ?? None);

    [LoggerMessage(2004, LogLevel.Information, "Payment callback for {Provider} ignored: {Reason}")]
    private static partial void IgnoredScrubbed(ILogger logger, string provider, string reason);

    public static void Applied(ILogger logger, string provider, string references, ProviderUpdateDisposition disposition, PaymentStatus? status) =>
        AppliedScrubbed(logger, provider, ProviderText.Scrub(references), disposition, status?.ToString() ?? None);

    [LoggerMessage(2005, LogLevel.Information, "Payment callback for {Provider} {References}: {Disposition}, payment {Status}")]
    private static partial void AppliedScrubbed(ILogger logger, string provider, string references, ProviderUpdateDisposition disposition, string status);

    public static void RefundApplied(ILogger logger, string provider, string references, ProviderUpdateDisposition disposition, RefundStatus? status) =>
        RefundAppliedScrubbed(logger, provider, ProviderText.Scrub(references), disposition, status?.ToString() ?? None);

    [LoggerMessage(2011, LogLevel.Information, "Refund callback for {Provider} {References}: {Disposition}, refund {Status}")]
    private static partial void RefundAppliedScrubbed(ILogger logger, string provider, string references, ProviderUpdateDisposition disposition, string status);

    public static void Unmatched(ILogger logger, string provider, string? attemptReference, string? providerReference, OutcomeKind outcome) =>
        UnmatchedScrubbed(logger, provider, ProviderText.Scrub(attemptReference) ?? None, ProviderText.Scrub(providerReference) ?? None, outcome);

    [LoggerMessage(2006, LogLevel.Warning, "Payment callback for {Provider} matches no payment (kept for audit): attempt {AttemptReference}, provider reference {ProviderReference}, outcome {Outcome}")]
    private static partial void UnmatchedScrubbed(ILogger logger, string provider, string attemptReference, string providerReference, OutcomeKind outcome);

    public static void Unconfirmed(ILogger logger, string provider, string references, string? reason) =>
        UnconfirmedScrubbed(logger, provider, ProviderText.Scrub(references), ProviderText.Scrub(reason) ?? None);

    [LoggerMessage(2007, LogLevel.Information, "Payment callback for {Provider} {References} accepted without a confirmed update: {Reason}")]
    private static partial void UnconfirmedScrubbed(ILogger logger, string provider, string references, string reason);

    [LoggerMessage(2008, LogLevel.Error, "Payment callback for {Provider} failed (500); the provider may retry")]
    public static partial void Failed(ILogger logger, System.Exception exception, string provider);

    public static void ForeignUpdate(ILogger logger, string provider, string updateProvider) =>
        ForeignUpdateScrubbed(logger, provider, ProviderText.Scrub(updateProvider));

    [LoggerMessage(2009, LogLevel.Warning, "Payment callback handler for {Provider} returned an update for provider {UpdateProvider}; it was not applied")]
    private static partial void ForeignUpdateScrubbed(ILogger logger, string provider, string updateProvider);

    [LoggerMessage(2010, LogLevel.Error, "Recording an unmatched payment callback for {Provider} failed; it is still in the log above")]
    public static partial void SinkFailed(ILogger logger, System.Exception exception, string provider);
}
