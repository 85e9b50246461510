using System;
using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>
/// The ledger row of one payment, as stores keep it. Immutable: every change is a new record written
/// with <see cref="IPaymentStore.TryUpdateAsync"/>, which checks <see cref="Version"/> so that two
/// writers can never both win.
/// </summary>
public sealed record PaymentRecord
{
    /// <summary>Gets the payment's idempotency key (the primary key).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the request's fingerprint: a hash of every field, to tell a retry from a conflicting reuse of the key.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the request.</summary>
    public required PaymentRequest Request { get; init; }

    /// <summary>Gets the status.</summary>
    public required PaymentStatus Status { get; init; }

    /// <summary>Gets every attempt, oldest first.</summary>
    public IReadOnlyList<PaymentAttempt> Attempts { get; init; } = [];

    /// <summary>Gets the version, incremented by the store on every write; used for optimistic concurrency.</summary>
    public long Version { get; init; }

    /// <summary>Gets when the payment was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the payment last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Gets when background work is next due: the next queue retry (Queued), the next status check
    /// (Pending, ActionRequired), or the lease's expiry (Processing). <see langword="null"/> when final.
    /// </summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Gets the owner of the lease on this payment, while one is held.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Gets when the lease expires; after it another worker may take the payment over.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets how many times the queue worker has routed this payment.</summary>
    public int QueueRounds { get; init; }

    /// <summary>Gets how many status checks the reconciler has made for the current attempt.</summary>
    public int StatusChecks { get; init; }

    /// <summary>Gets why the payment is queued, failed or expired.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Gets the attempt that decides the payment: the one that succeeded, else the latest.</summary>
    public PaymentAttempt? DecidingAttempt
    {
        get
        {
            var attempts = Attempts;
            for (var i = 0; i < attempts.Count; i++)
            {
                if (attempts[i].Outcome == OutcomeKind.Succeeded)
                {
                    return attempts[i];
                }
            }

            return attempts.Count == 0 ? null : attempts[^1];
        }
    }

    /// <summary>Gets the latest attempt, if any.</summary>
    public PaymentAttempt? LastAttempt => Attempts.Count == 0 ? null : Attempts[^1];

    /// <summary>Returns whether a lease on the record is held by someone at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> when leased and not expired.</returns>
    public bool IsLeased(DateTimeOffset now) => LeaseOwner is not null && LeaseExpiresAt > now;
}
