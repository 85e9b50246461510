using System;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Internal;

/// <summary>
/// The gateway's log messages. Arguments are never phone numbers, tokens or secrets: instruments are passed masked, and text
/// from providers or callbacks (codes, reasons, references) goes through <see cref="ProviderText.Scrub"/> here.
/// </summary>
internal static partial class Log
{
    /// <summary>Logged in place of an absent value, which a log line would otherwise print as "(null)".</summary>
    private const string None = "none";

    public static void StatusChanged(ILogger logger, string key, PaymentStatus status, string? provider) =>
        StatusChangedCore(logger, key, status, provider ?? None);

    [LoggerMessage(1, LogLevel.Information, "Payment {Key} is {Status} (provider {Provider})")]
    private static partial void StatusChangedCore(ILogger logger, string key, PaymentStatus status, string provider);

    public static void AttemptCompleted(ILogger logger, string reference, string provider, string instrument, OutcomeKind outcome, string? code, string? reason) =>
        AttemptCompletedScrubbed(logger, reference, provider, instrument, outcome, ProviderText.Scrub(code) ?? None, ProviderText.Scrub(reason) ?? None);

    [LoggerMessage(3, LogLevel.Debug, "Skipping {Provider} for payment {Key}: circuit {State}")]
    public static partial void CircuitSkipped(ILogger logger, string provider, string key, ProviderCircuitState state);

    [LoggerMessage(4, LogLevel.Warning, "Circuit of provider {Provider} is now {State}")]
    public static partial void CircuitChanged(ILogger logger, string provider, ProviderCircuitState state);

    [LoggerMessage(5, LogLevel.Warning, "Payment {Key}: lost its lease to another worker; leaving it to them")]
    public static partial void LeaseLost(ILogger logger, string key);

    [LoggerMessage(6, LogLevel.Error, "Payment {Key} was charged twice: attempt {Reference} at {Provider} reported success ({Amount}) after another attempt had succeeded; the extra charge is recorded on the payment and must be given back")]
    public static partial void SecondSuccess(ILogger logger, string key, string reference, string provider, string amount);

    [LoggerMessage(7, LogLevel.Error, "An event handler failed for payment event {EventType}")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception, string eventType);

    [LoggerMessage(8, LogLevel.Warning, "Provider {Provider} threw from {Operation}; treating the outcome as Unknown ({ExceptionType})")]
    public static partial void ProviderThrew(ILogger logger, string provider, string operation, string exceptionType);

    [LoggerMessage(9, LogLevel.Warning, "Payment {Key}: its attempt's provider {Provider} is not registered; cannot reconcile it")]
    public static partial void ProviderMissing(ILogger logger, string key, string provider);

    [LoggerMessage(10, LogLevel.Error, "The {Worker} failed a cycle; it will try again")]
    public static partial void WorkerCycleFailed(ILogger logger, Exception exception, string worker);

    public static void UnknownReference(ILogger logger, string provider, string? attemptReference, string? providerReference) =>
        UnknownReferenceScrubbed(logger, ProviderText.Scrub(provider), ProviderText.Scrub(attemptReference) ?? None, ProviderText.Scrub(providerReference) ?? None);

    public static void NeedsAttention(ILogger logger, string key, string attemptReference, string provider, TimeSpan unresolved, string? reason) =>
        NeedsAttentionScrubbed(logger, key, attemptReference, provider, unresolved, ProviderText.Scrub(reason) ?? None);

    [LoggerMessage(2, LogLevel.Information, "Attempt {Reference} via {Provider} ({Instrument}): {Outcome} {Code} {Reason}")]
    private static partial void AttemptCompletedScrubbed(ILogger logger, string reference, string provider, string instrument, OutcomeKind outcome, string code, string reason);

    [LoggerMessage(11, LogLevel.Information, "Provider update for {Provider} matched no payment (attempt {AttemptReference}, provider reference {ProviderReference})")]
    private static partial void UnknownReferenceScrubbed(ILogger logger, string provider, string attemptReference, string providerReference);

    [LoggerMessage(13, LogLevel.Error, "Payment {Key}: attempt {AttemptReference} at {Provider} reported money moved that does not match the payment ({Source}): {Reason}. The payment stays open for a person")]
    public static partial void AmountMismatch(ILogger logger, string key, string attemptReference, string provider, OutcomeSource source, string reason);

    [LoggerMessage(14, LogLevel.Warning, "Provider update for {Provider} about payment {Key} (attempt {AttemptReference}) was not applied: {Reason}")]
    private static partial void ReferenceNotBoundCore(ILogger logger, string provider, string key, string attemptReference, string reason);

    public static void ReferenceNotBound(ILogger logger, string provider, string key, string attemptReference, string? reason) =>
        ReferenceNotBoundCore(logger, provider, key, attemptReference, reason ?? None);

    [LoggerMessage(15, LogLevel.Warning, "The payment store is the in-memory store in the {Environment} environment: payments are lost when the process stops and are not shared with other instances. Register a durable store (SQLite or PostgreSQL) for production")]
    public static partial void InMemoryStoreInProduction(ILogger logger, string environment);

    [LoggerMessage(12, LogLevel.Warning, "Payment {Key} needs attention: its attempt {AttemptReference} at {Provider} has had no final answer for {Unresolved}; last status query: {Reason}")]
    private static partial void NeedsAttentionScrubbed(ILogger logger, string key, string attemptReference, string provider, TimeSpan unresolved, string reason);

    public static void RefundStatusChanged(ILogger logger, string refundKey, string key, RefundStatus status, string provider, string? code) =>
        RefundStatusChangedCore(logger, refundKey, key, status, provider, ProviderText.Scrub(code) ?? None);

    [LoggerMessage(16, LogLevel.Information, "Refund {RefundKey} of payment {Key} is {Status} (provider {Provider}, code {Code})")]
    private static partial void RefundStatusChangedCore(ILogger logger, string refundKey, string key, RefundStatus status, string provider, string code);

    public static void RefundNeedsAttention(ILogger logger, string refundKey, string key, string provider, TimeSpan unresolved, string? reason) =>
        RefundNeedsAttentionCore(logger, refundKey, key, provider, unresolved, ProviderText.Scrub(reason) ?? None);

    [LoggerMessage(17, LogLevel.Warning, "Refund {RefundKey} of payment {Key} has had no final answer from {Provider} for {Unresolved}; last answer: {Reason}. A person should check the provider's portal.")]
    private static partial void RefundNeedsAttentionCore(ILogger logger, string refundKey, string key, string provider, TimeSpan unresolved, string reason);

    [LoggerMessage(18, LogLevel.Warning, "Refund {RefundKey} of payment {Key}: provider {Provider} reported money refunded after the refund was {Previous}; recorded as Succeeded")]
    public static partial void RefundSucceededAfterFinal(ILogger logger, string refundKey, string key, string provider, RefundStatus previous);

    [LoggerMessage(19, LogLevel.Warning, "Payment {Key} succeeded with the same account reference and amount as {Count} other payment(s) within the window ({Others}); raised as a possible duplicate")]
    public static partial void PossibleDuplicate(ILogger logger, string key, int count, string others);

    [LoggerMessage(20, LogLevel.Warning, "Payment {Key}: the extra charge of attempt {Attempt} through {Provider} is not reversed automatically ({Why}); a person must give it back")]
    public static partial void ReversalNotPossible(ILogger logger, string key, int attempt, string provider, string why);

    [LoggerMessage(21, LogLevel.Error, "The possible-duplicate check of payment {Key} failed ({ExceptionType}); the payment is unaffected")]
    public static partial void DuplicateCheckFailed(ILogger logger, string key, string exceptionType);

    [LoggerMessage(22, LogLevel.Warning, "Event observer {Observer} failed on event {EventId} (failure {Failures}); it is tried again after a backoff, and the events after it wait")]
    public static partial void EventObserverFailed(ILogger logger, Exception exception, string observer, string eventId, int failures);

    [LoggerMessage(23, LogLevel.Error, "Event {EventId} of payment {Key} was dead-lettered for observer {Observer} after {Failures} failures; delivery moved on. See the console's dead letters")]
    public static partial void EventDeadLettered(ILogger logger, string observer, string eventId, string key, int failures);

    [LoggerMessage(24, LogLevel.Information, "Event observer {Observer}: another instance took over its delivery")]
    public static partial void EventLeaseLost(ILogger logger, string observer);
}
