using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Storage.Internal;

namespace Resilience.Payments;

/// <summary>
/// A payment store that lives in this process's memory. For tests, samples and development only:
/// a crash loses every payment in it. Production uses the SQLite or PostgreSQL store.
/// </summary>
public sealed class InMemoryPaymentStore : IPaymentStore, IRefundStore, IPaymentEventStore
{
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly Dictionary<string, PaymentRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, string Reference), string> _byProviderReference = new(ProviderReferenceComparer.Instance);
    private readonly Dictionary<string, string> _byRefundKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string First, List<string>? More)> _byAccountReference = new(StringComparer.Ordinal); // one bill, one payment: no list
    private readonly Dictionary<(string Provider, string Reference), string> _byRefundReference = new(ProviderReferenceComparer.Instance);
    private readonly InMemoryEventOutbox _outbox = new();

    /// <summary>Gets the number of payments held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return ValueTask.FromResult(_records.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> FindByProviderReferenceAsync(string provider, string providerReference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(providerReference);
        lock (_gate)
        {
            // The index only grows: an entry whose payment no longer holds the reference (never the gateway's doing) is not an answer.
            var record = _byProviderReference.TryGetValue((provider, providerReference), out var key) ? _records.GetValueOrDefault(key) : null;
            return ValueTask.FromResult(record?.FindAttempt(provider, providerReference) is null ? null : record);
        }
    }

    /// <inheritdoc />
    public ValueTask<(PaymentRecord Record, bool Created)> TryCreateAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (_records.TryGetValue(record.Key, out var existing))
            {
                return ValueTask.FromResult((existing, false));
            }

            if (!RefundKeysFree(record))
            {
                return ValueTask.FromResult((record, false));
            }

            var stored = _outbox.Append(record.Version == 1 ? record : record with { Version = 1 }); // records are immutable: no copy needed
            Put(stored);
            if (stored.Request.AccountReference is { } account)
            {
                // A payment's request never changes: indexed once, at creation.
                if (!_byAccountReference.TryGetValue(account, out var keys))
                {
                    _byAccountReference[account] = (stored.Key, null);
                }
                else
                {
                    (keys.More ??= []).Add(stored.Key);
                    _byAccountReference[account] = keys;
                }
            }
            return ValueTask.FromResult((stored, true));
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> TryUpdateAsync(PaymentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (!_records.TryGetValue(record.Key, out var current) || current.Version != record.Version || !RefundKeysFree(record))
            {
                return ValueTask.FromResult<PaymentRecord?>(null);
            }

            var stored = _outbox.Append(record with { Version = record.Version + 1 });
            Put(stored);
            return ValueTask.FromResult<PaymentRecord?>(stored);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentRecord>> ClaimDueAsync(PaymentClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_gate)
        {
            var due = _records.Values
                .Where(r => claim.Statuses.Contains(r.Status) && r.DueAt is { } at && at <= claim.Now && !r.IsLeased(claim.Now))
                .OrderBy(r => r.DueAt)
                .ThenBy(r => r.CreatedAt)
                .Take(claim.MaxCount)
                .ToList();
            var claimed = new List<PaymentRecord>(due.Count);
            foreach (var record in due)
            {
                var stored = record with { LeaseOwner = claim.Owner, LeaseExpiresAt = claim.LeaseExpiresAt, Version = record.Version + 1 };
                Put(stored);
                claimed.Add(stored);
            }

            return ValueTask.FromResult<IReadOnlyList<PaymentRecord>>(claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentRecord>> ListAsync(PaymentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            IEnumerable<PaymentRecord> ordered = _records.Values
                .Where(r => query.Statuses.Count == 0 || query.Statuses.Contains(r.Status))
                .Where(r => !query.QueuedAtLeastOnce || r.QueueRounds > 0)
                .Where(r => (query.CreatedFrom is not { } from || r.CreatedAt >= from) && (query.CreatedBefore is not { } before || r.CreatedAt < before))
                .OrderBy(r => r.CreatedAt)
                .ThenBy(r => r.Key, StringComparer.Ordinal);
            if (query.AfterKey is { } after && _records.TryGetValue(after, out var cursor))
            {
                ordered = ordered.Where(r => r.CreatedAt > cursor.CreatedAt || (r.CreatedAt == cursor.CreatedAt && string.CompareOrdinal(r.Key, cursor.Key) > 0));
            }

            IReadOnlyList<PaymentRecord> list = ordered.Take(query.Limit).ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<PaymentStatus, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<PaymentStatus, int> counts = _records.Values.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
            return ValueTask.FromResult(counts);
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> FindByRefundKeyAsync(string refundKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refundKey);
        lock (_gate)
        {
            var record = _byRefundKey.TryGetValue(refundKey, out var key) ? _records.GetValueOrDefault(key) : null;
            return ValueTask.FromResult(record?.FindRefund(refundKey) is null ? null : record);
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentRecord?> FindByRefundReferenceAsync(string provider, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(reference);
        lock (_gate)
        {
            var record = _byRefundReference.TryGetValue((provider, reference), out var key) ? _records.GetValueOrDefault(key) : null;
            return ValueTask.FromResult(record);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentRecord>> ListByAccountReferenceAsync(string accountReference, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountReference);
        lock (_gate)
        {
            if (!_byAccountReference.TryGetValue(accountReference, out var keys))
            {
                return ValueTask.FromResult<IReadOnlyList<PaymentRecord>>([]);
            }

            if (keys.More is null)
            {
                var only = _records[keys.First];
                return ValueTask.FromResult<IReadOnlyList<PaymentRecord>>(only.CreatedAt >= since && limit > 0 ? [only] : []);
            }

            IReadOnlyList<PaymentRecord> list = keys.More.Prepend(keys.First)
                .Select(k => _records[k])
                .Where(r => r.CreatedAt >= since)
                .OrderBy(r => r.CreatedAt)
                .ThenBy(r => r.Key, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredPaymentEvent>> ReadEventsAsync(PaymentEventPosition after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            return ValueTask.FromResult(_outbox.Read(after, limit));
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentEventSubscription?> TryLeaseSubscriptionAsync(string name, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        lock (_gate)
        {
            return ValueTask.FromResult(_outbox.TryLease(name, owner, now, leaseUntil));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateSubscriptionAsync(PaymentEventSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.Name, nameof(subscription));
        lock (_gate)
        {
            return ValueTask.FromResult(_outbox.TryUpdate(subscription));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryDeadLetterAsync(PaymentEventSubscription subscription, DeadLetteredEvent deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(deadLetter);
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription.Name, nameof(subscription));
        if (!string.Equals(deadLetter.Subscription, subscription.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException("The dead letter's subscription must be the subscription written.", nameof(deadLetter));
        }

        lock (_gate)
        {
            return ValueTask.FromResult(_outbox.TryDeadLetter(subscription, deadLetter));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentEventSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_outbox.ListSubscriptions());
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DeadLetteredEvent>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            return ValueTask.FromResult(_outbox.ListDeadLetters(limit));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveDeadLetterAsync(string subscription, string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscription);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        lock (_gate)
        {
            return ValueTask.FromResult(_outbox.RemoveDeadLetter(subscription, eventId));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> DeleteDeliveredEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            return ValueTask.FromResult(_outbox.DeleteDelivered(occurredBefore, limit));
        }
    }

    private sealed class ProviderReferenceComparer : IEqualityComparer<(string Provider, string Reference)>
    {
        public static readonly ProviderReferenceComparer Instance = new();

        public bool Equals((string Provider, string Reference) x, (string Provider, string Reference) y) =>
            string.Equals(x.Provider, y.Provider, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Reference, y.Reference, StringComparison.Ordinal);

        public int GetHashCode((string Provider, string Reference) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Provider), StringComparer.Ordinal.GetHashCode(obj.Reference));
    }

    // A refund key is unique across payments: a record holding one indexed for another payment is not written.
    private bool RefundKeysFree(PaymentRecord record)
    {
        foreach (var refund in record.Refunds)
        {
            if (_byRefundKey.TryGetValue(refund.Key, out var owner) && !string.Equals(owner, record.Key, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void Put(PaymentRecord record)
    {
        _records[record.Key] = record;
        foreach (var refund in record.Refunds)
        {
            _byRefundKey[refund.Key] = record.Key;
            _byRefundReference[(refund.Provider, refund.Reference)] = record.Key;
            if (refund.ProviderReference is { } providerReference)
            {
                _byRefundReference[(refund.Provider, providerReference)] = record.Key;
            }
        }

        var attempts = record.Attempts;
        for (var i = 0; i < attempts.Count; i++)
        {
            if (attempts[i].ProviderReference is { } reference)
            {
                _byProviderReference[(attempts[i].Provider, reference)] = record.Key;
            }
        }
    }
}
