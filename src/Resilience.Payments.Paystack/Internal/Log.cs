using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>Log messages of the adapter. Instruments are logged masked; the secret key, card tokens and phone numbers never.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Paystack {Operation} {Reference} ({Instrument}): HTTP {HttpStatus} -> {Outcome} {Code}")]
    public static partial void Answered(ILogger logger, string operation, string reference, string instrument, int httpStatus, OutcomeKind outcome, string? code);

    [LoggerMessage(2, LogLevel.Warning, "Paystack {Operation} {Reference} ({Instrument}): no answer -> {Outcome} {Code}")]
    public static partial void NoAnswer(ILogger logger, string operation, string reference, string instrument, OutcomeKind outcome, string? code, System.Exception exception);
}
