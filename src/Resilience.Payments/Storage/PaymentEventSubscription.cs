using System;

namespace Resilience.Payments;

/// <summary>
/// One observer's progress through the outbox: its checkpoint (the last event it was given and handled, or that was
/// dead-lettered), the failures of the next event, and the lease of the dispatcher instance delivering to it. Only the lease's
/// owner may move the checkpoint, so two instances never deliver to one observer at once.
/// </summary>
public sealed record PaymentEventSubscription
{
    /// <summary>Gets the subscription's name: the observer's <see cref="IPaymentEventObserver.Name"/>. At most 200 characters.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the position of the last event handled (or dead-lettered); delivery resumes after it.</summary>
    public PaymentEventPosition Checkpoint { get; init; }

    /// <summary>Gets the dispatcher instance holding the lease, or <see langword="null"/>.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Gets when the lease ends; another instance may take it after that. Also tells when the observer was last served.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets how many times the event after the checkpoint has failed.</summary>
    public int Failures { get; init; }

    /// <summary>Gets when the failed event may be tried again, or <see langword="null"/> when nothing failed.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Gets the last failure's message (type and message of the observer's exception), or <see langword="null"/>.</summary>
    public string? LastError { get; init; }
}
