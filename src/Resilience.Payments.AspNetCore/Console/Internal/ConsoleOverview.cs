using System;
using System.Collections.Generic;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>What the overview shows, read once per page or refresh.</summary>
internal sealed record ConsoleOverview
{
    public required IReadOnlyList<ProviderHealth> Providers { get; init; }

    public required int QueueDepth { get; init; }

    public DateTimeOffset? QueueOldest { get; init; }

    public IReadOnlyList<PaymentResult> NextDue { get; init; } = [];

    public IReadOnlyList<ConsoleAttention> NeedsAttention { get; init; } = [];

    public IReadOnlyList<PaymentResult> RefundsOpen { get; init; } = [];

    public IReadOnlyList<PaymentResult> DeadLettered { get; init; } = [];

    public IReadOnlyList<PaymentResult> RecentFailovers { get; init; } = [];
}

/// <summary>A payment a person should look at, and why.</summary>
internal sealed record ConsoleAttention(PaymentResult Payment, string Reason, DateTimeOffset Since, string? Detail);
