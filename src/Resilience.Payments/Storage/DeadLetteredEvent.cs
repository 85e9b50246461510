using System;

namespace Resilience.Payments;

/// <summary>An event one observer failed to handle <see cref="PaymentEventDeliveryOptions.MaxAttempts"/> times; delivery to it moved on.</summary>
public sealed record DeadLetteredEvent
{
    /// <summary>Gets the subscription (observer) that could not handle it.</summary>
    public required string Subscription { get; init; }

    /// <summary>Gets the event.</summary>
    public required StoredPaymentEvent Event { get; init; }

    /// <summary>Gets how many times delivery was tried.</summary>
    public required int Attempts { get; init; }

    /// <summary>Gets the last failure's message.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets when it was dead-lettered.</summary>
    public required DateTimeOffset DeadLetteredAt { get; init; }
}
