using System;
using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>
/// What a worker asks a store for: up to <see cref="MaxCount"/> payments in one of <see cref="Statuses"/>
/// whose <see cref="PaymentRecord.DueAt"/> has come and that nobody holds a live lease on, leased to
/// <see cref="Owner"/> until <see cref="LeaseExpiresAt"/>.
/// </summary>
public sealed record PaymentClaim
{
    /// <summary>Gets the statuses to claim.</summary>
    public required IReadOnlyCollection<PaymentStatus> Statuses { get; init; }

    /// <summary>Gets the current time: records due at or before it qualify, leases that expired before it are free.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Gets the lease owner to write.</summary>
    public required string Owner { get; init; }

    /// <summary>Gets when the new leases expire.</summary>
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>Gets the most records to claim.</summary>
    public required int MaxCount { get; init; }
}
