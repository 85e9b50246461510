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
    private string? _fingerprint;
    private bool _fingerprintKept;

    /// <summary>Gets the payment's idempotency key (the primary key).</summary>
    public required string Key { get; init; }

    /// <summary>
    /// Gets the request's fingerprint: a SHA-256 of every field of <see cref="Request"/>, to tell a retry from a conflicting
    /// reuse of the key. Durable stores keep it and set it when they read a record; when not set it is computed from
    /// <see cref="Request"/> on first read (the in-memory path never reads it: it compares the requests themselves).
    /// </summary>
    public string Fingerprint
    {
        get => _fingerprint ??= Internal.RequestFingerprint.Compute(Request);
        init
        {
            _fingerprint = value;
            _fingerprintKept = value is not null;
        }
    }

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

    /// <summary>
    /// Gets the charges beyond the first success: attempts that reported success after another attempt of this payment had
    /// already succeeded. Their money must be given back; the payment's provider and receipt stay those of the first success.
    /// </summary>
    public IReadOnlyList<ExtraCharge> ExtraCharges { get; init; } = [];

    /// <summary>
    /// Gets the refunds of this payment's charges, oldest first. Kept in the record so that the refundable amount is checked and
    /// reserved by the same compare-and-swap write that records a refund: two refunds can never both take the last of it.
    /// </summary>
    public IReadOnlyList<PaymentRefund> Refunds { get; init; } = [];

    /// <summary>
    /// Gets the audit trail: what operators did to this payment, oldest first (see <see cref="PaymentOperations"/>). Written in the same
    /// compare-and-swap write as the change it records.
    /// </summary>
    public IReadOnlyList<OperatorNote> OperatorNotes { get; init; } = [];

    /// <summary>
    /// Gets the events this write adds to the store's outbox, in order (the gateway fills it; never part of the stored document).
    /// A store that implements <see cref="IPaymentEventStore"/> writes them in the same transaction as the record, so a change and
    /// its events are kept together or not at all, and returns the stored record with this list empty.
    /// </summary>
    public IReadOnlyList<StoredPaymentEvent> NewEvents { get; init; } = [];

    /// <summary>
    /// Gets when the earliest open refund is due (a status query, or a queued reversal's send), or <see langword="null"/> when no
    /// refund is open. A succeeded payment's <see cref="DueAt"/> follows it, so that the reconciler claims the payment for its refunds.
    /// </summary>
    public DateTimeOffset? RefundDueAt
    {
        get
        {
            DateTimeOffset? due = null;
            foreach (var refund in Refunds)
            {
                if (!refund.Status.IsFinal() && refund.DueAt is { } at && (due is null || at < due))
                {
                    due = at;
                }
            }

            return due;
        }
    }

    /// <summary>
    /// Gets a value indicating whether a succeeded payment still has another attempt whose outcome is open (in flight, unknown,
    /// pending or waiting for the payer) and holds no mismatch: it may yet charge, so the reconciler keeps asking about it, and a
    /// late success becomes an extra charge (and is given back) instead of going unseen.
    /// </summary>
    internal bool HasOpenAttemptAfterSuccess
    {
        get
        {
            if (Status != PaymentStatus.Succeeded)
            {
                return false;
            }

            var deciding = DecidingAttempt?.Number;
            foreach (var attempt in Attempts)
            {
                if (IsOpenAfterSuccess(attempt, deciding))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Returns the refund with this key, or <see langword="null"/>.</summary>
    /// <param name="refundKey">The refund key.</param>
    /// <returns>The refund.</returns>
    public PaymentRefund? FindRefund(string refundKey)
    {
        foreach (var refund in Refunds)
        {
            if (string.Equals(refund.Key, refundKey, StringComparison.Ordinal))
            {
                return refund;
            }
        }

        return null;
    }

    /// <summary>Gets the attempt that decides the payment: the first to succeed (never an extra charge), else the latest.</summary>
    public PaymentAttempt? DecidingAttempt
    {
        get
        {
            var attempts = Attempts;
            for (var i = 0; i < attempts.Count; i++)
            {
                if (attempts[i].Outcome == OutcomeKind.Succeeded && !IsExtraCharge(attempts[i].Number))
                {
                    return attempts[i];
                }
            }

            return attempts.Count == 0 ? null : attempts[^1];
        }
    }

    /// <summary>Returns whether the attempt numbered <paramref name="attemptNumber"/> is recorded as an extra charge.</summary>
    /// <param name="attemptNumber">The attempt's number.</param>
    /// <returns><see langword="true"/> when it charged after another attempt had succeeded.</returns>
    public bool IsExtraCharge(int attemptNumber)
    {
        var extra = ExtraCharges;
        for (var i = 0; i < extra.Count; i++)
        {
            if (extra[i].AttemptNumber == attemptNumber)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether <paramref name="attempt"/> is still open beside the deciding success numbered <paramref name="deciding"/>.</summary>
    internal static bool IsOpenAfterSuccess(PaymentAttempt attempt, int? deciding) =>
        attempt.Number != deciding
        && attempt.Mismatch is null
        && attempt.Outcome is null or OutcomeKind.Unknown or OutcomeKind.Pending or OutcomeKind.ActionRequired;

    /// <summary>Gets the latest attempt, if any.</summary>
    public PaymentAttempt? LastAttempt => Attempts.Count == 0 ? null : Attempts[^1];

    /// <summary>Returns whether a lease on the record is held by someone at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> when leased and not expired.</returns>
    public bool IsLeased(DateTimeOffset now) => LeaseOwner is not null && LeaseExpiresAt > now;

    /// <summary>
    /// Returns the latest attempt through <paramref name="provider"/> (compared ignoring case, as stores index it) that holds
    /// <paramref name="providerReference"/>, or <see langword="null"/>. Stores use it to check a provider-reference index
    /// entry against the record it points to.
    /// </summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="providerReference">The provider's reference for the attempt.</param>
    /// <returns>The attempt, or <see langword="null"/>.</returns>
    public PaymentAttempt? FindAttempt(string provider, string providerReference)
    {
        var attempts = Attempts;
        for (var i = attempts.Count - 1; i >= 0; i--)
        {
            var attempt = attempts[i];
            if (string.Equals(attempt.ProviderReference, providerReference, StringComparison.Ordinal)
                && string.Equals(attempt.Provider, provider, StringComparison.OrdinalIgnoreCase))
            {
                return attempt;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns whether <paramref name="request"/> is this payment's request again (a retry) rather than a conflicting reuse
    /// of its key: the kept fingerprint against the request's, or, when none was kept, the two requests field by field
    /// (the same answer without hashing).
    /// </summary>
    internal bool IsRequest(PaymentRequest request) => _fingerprintKept
        ? string.Equals(_fingerprint, Internal.RequestFingerprint.Compute(request), StringComparison.Ordinal)
        : Internal.RequestFingerprint.Equivalent(Request, request);
}
