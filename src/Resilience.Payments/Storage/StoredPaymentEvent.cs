using System;

namespace Resilience.Payments;

/// <summary>
/// An event in a store's outbox: written in the same transaction as the payment change it describes (see
/// <see cref="PaymentRecord.NewEvents"/>), read back by the event dispatcher and delivered to every
/// <see cref="IPaymentEventObserver"/> at least once.
/// </summary>
public sealed record StoredPaymentEvent
{
    /// <summary>Gets the event's place in delivery order; assigned by the store when the event is written (default before).</summary>
    public PaymentEventPosition Position { get; init; }

    /// <summary>Gets the event's stable id, the same on every delivery: deduplicate on it. At most 200 characters.</summary>
    public required string EventId { get; init; }

    /// <summary>Gets the key of the payment the event is about.</summary>
    public required string PaymentKey { get; init; }

    /// <summary>Gets the event's type: <c>payment.status_changed</c> or <c>refund.status_changed</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>Gets when the change happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets the event's content, JSON written by the gateway; stores keep it as it is.</summary>
    public required string Payload { get; init; }
}
