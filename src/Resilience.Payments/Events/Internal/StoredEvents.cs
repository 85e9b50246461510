using System;
using System.Collections.Generic;
using System.Globalization;

namespace Resilience.Payments.Events.Internal;

/// <summary>
/// The events a write adds to the outbox: a change of the payment's status, and each refund created or changed. Derived from the
/// stored record and the record being written, so no caller can forget one.
/// </summary>
internal static class StoredEvents
{
    public const string PaymentStatusChanged = "payment.status_changed";
    public const string RefundStatusChanged = "refund.status_changed";

    /// <summary>The events of writing <paramref name="after"/> over <paramref name="before"/> (<see langword="null"/> for a new payment).</summary>
    public static IReadOnlyList<StoredPaymentEvent> Between(PaymentRecord? before, PaymentRecord after, DateTimeOffset now)
    {
        List<StoredPaymentEvent>? events = null;
        var version = before is null ? 1 : after.Version + 1; // the version the store gives the written record
        if (before is null || before.Status != after.Status)
        {
            Add(ref events, after, version, PaymentStatusChanged, now, before is null ? null : (int)before.Status, refundKey: null);
        }

        foreach (var refund in after.Refunds)
        {
            var previous = before?.FindRefund(refund.Key)?.Status;
            if (previous != refund.Status)
            {
                Add(ref events, after, version, RefundStatusChanged, now, previous is null ? null : (int)previous.Value, refund.Key);
            }
        }

        return events ?? (IReadOnlyList<StoredPaymentEvent>)[];
    }

    private static void Add(ref List<StoredPaymentEvent>? events, PaymentRecord after, long version, string type, DateTimeOffset now, int? previous, string? refundKey)
    {
        events ??= [];
        events.Add(new StoredPaymentEvent
        {
            EventId = string.Create(CultureInfo.InvariantCulture, $"{after.Key}/{version}/{events.Count}"),
            PaymentKey = after.Key,
            EventType = type,
            OccurredAt = now,
            Payload = StoredEventCodec.Encode(after with { Version = version, NewEvents = [] }, previous, refundKey),
        });
    }
}
