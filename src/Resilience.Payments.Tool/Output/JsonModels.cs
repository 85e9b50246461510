using System;
using System.Collections.Generic;

namespace Resilience.Payments.Tool.Output;

// The --json shapes. Property names are part of the tool's contract (camelCase): add, never rename.
#pragma warning disable SA1402 // small records of one output shape, kept together

/// <summary>A payment in a list.</summary>
internal sealed record PaymentJson(
    string Key,
    string Status,
    decimal Amount,
    string Currency,
    string? Provider,
    string? AccountReference,
    IReadOnlyList<string> Instruments,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextAttemptAt,
    int Attempts,
    int Failovers,
    decimal Refunded,
    decimal Refundable,
    string? FailureReason);

/// <summary>One payment with everything.</summary>
internal sealed record PaymentDetailsJson(
    PaymentJson Payment,
    IReadOnlyList<AttemptJson> Attempts,
    IReadOnlyList<RefundJson> Refunds,
    IReadOnlyList<NoteJson> AuditTrail,
    IReadOnlyList<AttentionJson> Attention);

internal sealed record AttemptJson(int Number, string Provider, string Instrument, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, string? Outcome, string? Code, string? Reason, string? Mismatch);

internal sealed record RefundJson(string Key, string Provider, decimal Amount, string Currency, string Status, bool Automatic, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Message);

internal sealed record NoteJson(DateTimeOffset At, string Actor, string Action, string? Detail);

internal sealed record AttentionJson(string Key, string Reason, DateTimeOffset Since, string Detail);

internal sealed record ProviderJson(string Provider, string Circuit, DateTimeOffset? Since, int RecentCalls, double? RecentFailureRatio, double? MedianLatencyMs, double? MaxLatencyMs);

internal sealed record UndeliveredEventJson(string Subscription, string EventId, string PaymentKey, string EventType, int Attempts, string? LastError, DateTimeOffset DeadLetteredAt);

internal sealed record QueueJson(int Depth, DateTimeOffset? OldestCreatedAt, IReadOnlyList<PaymentJson> NextDue);

internal sealed record StatusJson(
    DateTimeOffset AsOf,
    IReadOnlyDictionary<string, int> Counts,
    QueueJson Queue,
    IReadOnlyList<ProviderJson> Providers,
    IReadOnlyList<AttentionJson> NeedsAttention,
    IReadOnlyList<PaymentJson> RefundsOpen,
    IReadOnlyList<PaymentJson> DeadLettered,
    IReadOnlyList<PaymentJson> RecentFailovers,
    IReadOnlyList<UndeliveredEventJson> UndeliveredEvents);

internal sealed record ActionJson(string Action, string Key, string Actor, PaymentJson Payment, RefundJson? Refund);

internal sealed record ErrorJson(string Error, string? Field, int ExitCode);
