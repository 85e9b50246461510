using System;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>The record a new payment is created as: holding its first attempt, or already in its end state.</summary>
internal static class NewPaymentRecords
{
    /// <summary>A new payment that holds its first attempt, leased to <paramref name="owner"/> until <paramref name="leaseExpiresAt"/>.</summary>
    public static PaymentRecord Begun(PaymentRequest request, Candidate candidate, string owner, DateTimeOffset now, DateTimeOffset leaseExpiresAt) => new()
    {
        Key = request.IdempotencyKey,
        Request = request,
        Status = PaymentStatus.Processing,
        Attempts =
        [
            new PaymentAttempt
            {
                Number = 1,
                Reference = AttemptReference.Create(request.IdempotencyKey, 1),
                Provider = candidate.Provider.Name,
                Instrument = candidate.Instrument,
                StartedAt = now,
            },
        ],
        Version = 1, // what every store assigns to a new record; the in-memory store then keeps this instance
        CreatedAt = now,
        UpdatedAt = now,
        LeaseOwner = owner,
        LeaseExpiresAt = leaseExpiresAt,
        DueAt = leaseExpiresAt,
    };

    /// <summary>A new payment no candidate can take now, in the state routing would have ended it in.</summary>
    public static PaymentRecord Unrouted(PaymentRequest request, UnroutedEnd end, DateTimeOffset now) => new()
    {
        Key = request.IdempotencyKey,
        Request = request,
        Status = end.Status,
        Version = 1,
        CreatedAt = now,
        UpdatedAt = now,
        DueAt = end.DueAt,
        QueueRounds = end.QueueRounds,
        FailureReason = end.Reason,
    };
}
