using System;
using System.Collections.Generic;
using System.Linq;

namespace Resilience.Payments.Storage.Internal;

/// <summary>
/// The event outbox of <see cref="InMemoryPaymentStore"/>: events, subscriptions and dead letters. Not thread-safe: the store
/// calls it under its own lock, so that a record and its events are written together. One lock orders every write, so a plain
/// sequence follows commit order: an event's position is (0, sequence).
/// </summary>
internal sealed class InMemoryEventOutbox
{
    private readonly List<StoredPaymentEvent> _events = []; // ascending position
    private readonly SortedDictionary<string, PaymentEventSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Subscription, string EventId), (DeadLetteredEvent Letter, long Order)> _deadLetters = [];
    private long _sequence;
    private long _deadLetterOrder;

    /// <summary>Appends a record's new events, assigning their positions, and returns the record without them.</summary>
    public PaymentRecord Append(PaymentRecord record)
    {
        if (record.NewEvents.Count == 0)
        {
            return record;
        }

        foreach (var newEvent in record.NewEvents)
        {
            _events.Add(newEvent with { Position = new PaymentEventPosition(0, ++_sequence) });
        }

        return record with { NewEvents = [] };
    }

    public IReadOnlyList<StoredPaymentEvent> Read(PaymentEventPosition after, int limit)
    {
        // Binary search for the first event after the position.
        int low = 0, high = _events.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_events[middle].Position <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var count = Math.Min(limit, _events.Count - low);
        return count <= 0 ? [] : _events.GetRange(low, count);
    }

    public PaymentEventSubscription? TryLease(string name, string owner, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        if (_subscriptions.TryGetValue(name, out var current)
            && current.LeaseOwner is { } holder
            && !string.Equals(holder, owner, StringComparison.Ordinal)
            && current.LeaseExpiresAt > now)
        {
            return null;
        }

        var leased = (current ?? new PaymentEventSubscription { Name = name, Checkpoint = PaymentEventPosition.Start }) with
        {
            LeaseOwner = owner,
            LeaseExpiresAt = leaseUntil,
        };
        _subscriptions[name] = leased;
        return leased;
    }

    public bool TryUpdate(PaymentEventSubscription subscription)
    {
        if (!_subscriptions.TryGetValue(subscription.Name, out var current)
            || current.LeaseOwner is null
            || !string.Equals(current.LeaseOwner, subscription.LeaseOwner, StringComparison.Ordinal))
        {
            return false;
        }

        _subscriptions[subscription.Name] = subscription;
        return true;
    }

    public bool TryDeadLetter(PaymentEventSubscription subscription, DeadLetteredEvent deadLetter)
    {
        if (!TryUpdate(subscription))
        {
            return false;
        }

        _deadLetters.TryAdd((deadLetter.Subscription, deadLetter.Event.EventId), (deadLetter, ++_deadLetterOrder));
        return true;
    }

    public IReadOnlyList<PaymentEventSubscription> ListSubscriptions() => _subscriptions.Values.ToList();

    public IReadOnlyList<DeadLetteredEvent> ListDeadLetters(int limit) =>
        _deadLetters.Values
            .OrderByDescending(d => d.Letter.DeadLetteredAt)
            .ThenByDescending(d => d.Order)
            .Take(limit)
            .Select(d => d.Letter)
            .ToList();

    public bool RemoveDeadLetter(string subscription, string eventId) => _deadLetters.Remove((subscription, eventId));

    public int DeleteDelivered(DateTimeOffset occurredBefore, int limit)
    {
        // Subscriptions not leased since the boundary (their observer is gone) hold nothing back.
        PaymentEventPosition? passedByAll = null;
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.LeaseExpiresAt >= occurredBefore && (passedByAll is null || subscription.Checkpoint < passedByAll))
            {
                passedByAll = subscription.Checkpoint;
            }
        }

        var deleted = 0;
        _events.RemoveAll(e =>
        {
            if (deleted >= limit || e.OccurredAt >= occurredBefore || (passedByAll is { } passed && e.Position > passed))
            {
                return false;
            }

            deleted++;
            return true;
        });
        return deleted;
    }
}
