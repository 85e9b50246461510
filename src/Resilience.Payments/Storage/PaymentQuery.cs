using System;
using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>A filter for listing payments (operators, health checks).</summary>
public sealed record PaymentQuery
{
    /// <summary>Gets the statuses to include; empty for all.</summary>
    public IReadOnlyCollection<PaymentStatus> Statuses { get; init; } = [];

    /// <summary>Gets a value indicating whether to return only payments that went through the retry queue at least once
    /// (<see cref="PaymentRecord.QueueRounds"/> &gt; 0): with <see cref="PaymentStatus.Failed"/>, the dead letters.</summary>
    public bool QueuedAtLeastOnce { get; init; }

    /// <summary>Gets the earliest creation time to include (<see cref="PaymentRecord.CreatedAt"/> at or after it); <see langword="null"/> for no bound.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Gets the creation time before which to stop (<see cref="PaymentRecord.CreatedAt"/> strictly before it); <see langword="null"/> for no bound.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Gets the key after which to start, in the listing order (created time, then key), for paging; <see langword="null"/> to start at the beginning.</summary>
    public string? AfterKey { get; init; }

    /// <summary>Gets the most records to return. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
