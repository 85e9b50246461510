using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>Log messages of the adapter. Instruments are logged masked; the secret key, card tokens and phone numbers never. Codes, reasons and references from the provider or a callback go through <see cref="ProviderText.Scrub"/>.</summary>
internal static partial class PaystackLog
{
    public static void Answered(ILogger logger, string operation, string reference, string instrument, int httpStatus, OutcomeKind outcome, string? code) =>
        AnsweredScrubbed(logger, operation, reference, instrument, httpStatus, outcome, ProviderText.ForLog(code));

    [LoggerMessage(3200, LogLevel.Information, "Paystack {Operation} {Reference} ({Instrument}): HTTP {HttpStatus} -> {Outcome} {Code}")]
    private static partial void AnsweredScrubbed(ILogger logger, string operation, string reference, string instrument, int httpStatus, OutcomeKind outcome, string code);

    public static void NoAnswer(ILogger logger, string operation, string reference, string instrument, OutcomeKind outcome, string? code, System.Exception exception) =>
        NoAnswerScrubbed(logger, operation, reference, instrument, outcome, ProviderText.ForLog(code), exception);

    [LoggerMessage(3201, LogLevel.Warning, "Paystack {Operation} {Reference} ({Instrument}): no answer -> {Outcome} {Code}")]
    private static partial void NoAnswerScrubbed(ILogger logger, string operation, string reference, string instrument, OutcomeKind outcome, string code, System.Exception exception);
}
