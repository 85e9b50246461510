using System;
using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>What the on-call person sees first: the whole system at one moment.</summary>
public sealed record OperationsOverview
{
    /// <summary>Gets when the overview was taken.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets how many payments are in each status (statuses with none are left out).</summary>
    public required IReadOnlyDictionary<PaymentStatus, int> CountsByStatus { get; init; }

    /// <summary>Gets the retry queue.</summary>
    public required QueueSummary Queue { get; init; }

    /// <summary>
    /// Gets each provider's health, in failover order, when a gateway runs in this process; empty when the operations work over a store
    /// alone (the command-line tool).
    /// </summary>
    public IReadOnlyList<ProviderHealth> Providers { get; init; } = [];

    /// <summary>Gets the payments needing attention (up to <see cref="PaymentOperations.OverviewListLimit"/>).</summary>
    public IReadOnlyList<PaymentAttention> NeedsAttention { get; init; } = [];

    /// <summary>Gets the payments with an open refund (up to <see cref="PaymentOperations.OverviewListLimit"/>).</summary>
    public IReadOnlyList<PaymentResult> RefundsOpen { get; init; } = [];

    /// <summary>Gets the dead letters: payments failed after the queue's last retry (up to <see cref="PaymentOperations.OverviewListLimit"/>).</summary>
    public IReadOnlyList<PaymentResult> DeadLettered { get; init; } = [];

    /// <summary>
    /// Gets the events that could not be delivered to an observer after its last attempt (dead letters of the event outbox), newest first
    /// (up to <see cref="PaymentOperations.OverviewListLimit"/>); empty when the store keeps no outbox. Their error messages are scrubbed
    /// of long numbers; <see cref="StoredPaymentEvent.Payload"/> is the stored event, not meant for display.
    /// </summary>
    public IReadOnlyList<DeadLetteredEvent> UndeliveredEvents { get; init; } = [];

    /// <summary>Gets the recent failovers, newest first (up to <see cref="PaymentOperations.OverviewListLimit"/>).</summary>
    public IReadOnlyList<PaymentResult> RecentFailovers { get; init; } = [];
}
