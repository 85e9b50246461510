using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>A filter for listing payments (operators, health checks).</summary>
public sealed record PaymentQuery
{
    /// <summary>Gets the statuses to include; empty for all.</summary>
    public IReadOnlyCollection<PaymentStatus> Statuses { get; init; } = [];

    /// <summary>Gets the most records to return. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
