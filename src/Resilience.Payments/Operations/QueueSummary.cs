using System;
using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>The retry queue at a glance.</summary>
public sealed record QueueSummary
{
    /// <summary>Gets how many payments are queued.</summary>
    public required int Depth { get; init; }

    /// <summary>Gets when the oldest queued payment was created, or <see langword="null"/> when the queue is empty.</summary>
    public DateTimeOffset? OldestCreatedAt { get; init; }

    /// <summary>Gets the queued payments due next (up to ten), soonest first.</summary>
    public IReadOnlyList<PaymentResult> NextDue { get; init; } = [];
}
