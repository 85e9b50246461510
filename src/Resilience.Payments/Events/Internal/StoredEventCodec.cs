using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Resilience.Payments.Events.Internal;

/// <summary>
/// Writes an outbox event's payload (the payment as written, the previous status, the refund's key) and turns a stored event back
/// into the <see cref="PaymentEvent"/> observers receive.
/// </summary>
internal static class StoredEventCodec
{
    public static string Encode(PaymentRecord record, int? previous, string? refundKey)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (previous is { } p)
            {
                json.WriteNumber("previous", p);
            }

            if (refundKey is not null)
            {
                json.WriteString("refund", refundKey);
            }

            json.WritePropertyName("payment");
            PaymentRecordSerializer.Write(json, record);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The event observers receive for <paramref name="stored"/>.</summary>
    /// <exception cref="FormatException">The payload is not one this library wrote.</exception>
    public static PaymentEvent Decode(StoredPaymentEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        try
        {
            using var document = JsonDocument.Parse(stored.Payload);
            var root = document.RootElement;
            int? previous = root.TryGetProperty("previous", out var p) ? p.GetInt32() : null;
            var record = PaymentRecordSerializer.Deserialize(root.GetProperty("payment").GetRawText());
            switch (stored.EventType)
            {
                case StoredEvents.PaymentStatusChanged:
                    return new PaymentStatusChangedEvent
                    {
                        EventId = stored.EventId,
                        OccurredAt = stored.OccurredAt,
                        Payment = new PaymentResult(record),
                        PreviousStatus = previous is null ? null : (PaymentStatus)previous.Value,
                    };
                case StoredEvents.RefundStatusChanged:
                    var refundKey = root.GetProperty("refund").GetString()!;
                    var refund = record.FindRefund(refundKey) ?? throw new FormatException($"Event {stored.EventId}: refund {refundKey} is not in its payment.");
                    return new RefundStatusChangedEvent
                    {
                        EventId = stored.EventId,
                        OccurredAt = stored.OccurredAt,
                        Refund = new RefundResult(record, refund),
                        PreviousStatus = previous is null ? null : (RefundStatus)previous.Value,
                    };
                default:
                    throw new FormatException($"Event {stored.EventId}: unknown event type '{stored.EventType}'.");
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Event {stored.EventId}: its payload could not be read ({ex.GetType().Name}).", ex);
        }
    }
}
