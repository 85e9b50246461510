using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Resilience.Payments.Events.Internal;

namespace Resilience.Payments.Webhooks.Internal;

/// <summary>
/// The JSON body of an outgoing webhook: <c>{"id","type","created","data":{"payment":{...},"refund":{...}}}</c>. No phone number,
/// card or token is ever in it (instruments are left out); text from providers is scrubbed as it is for logs.
/// </summary>
internal static class WebhookBody
{
    public static string Write(PaymentEvent paymentEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", paymentEvent.EventId);
            switch (paymentEvent)
            {
                case PaymentStatusChangedEvent changed:
                    json.WriteString("type", StoredEvents.PaymentStatusChanged);
                    json.WriteString("created", paymentEvent.OccurredAt.ToUniversalTime());
                    json.WriteStartObject("data");
                    WritePayment(json, changed.Payment, changed.PreviousStatus);
                    json.WriteEndObject();
                    break;
                case RefundStatusChangedEvent refund:
                    json.WriteString("type", StoredEvents.RefundStatusChanged);
                    json.WriteString("created", paymentEvent.OccurredAt.ToUniversalTime());
                    json.WriteStartObject("data");
                    WritePayment(json, refund.Refund.Payment, previous: null);
                    WriteRefund(json, refund.Refund, refund.PreviousStatus);
                    json.WriteEndObject();
                    break;
                default:
                    throw new ArgumentException($"{paymentEvent.GetType().Name} is not sent to webhooks.", nameof(paymentEvent));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WritePayment(Utf8JsonWriter json, PaymentResult payment, PaymentStatus? previous)
    {
        json.WriteStartObject("payment");
        json.WriteString("key", payment.IdempotencyKey);
        json.WriteString("status", payment.Status.ToString());
        WriteOptional(json, "previousStatus", previous?.ToString());
        WriteMoney(json, "amount", payment.Amount);
        WriteOptional(json, "accountReference", payment.AccountReference);
        WriteOptional(json, "provider", payment.Provider);
        WriteOptional(json, "providerReference", payment.ProviderReference);
        WriteOptional(json, "receipt", payment.Receipt);
        WriteOptional(json, "failureReason", ProviderText.Scrub(payment.FailureReason));
        WriteMoney(json, "refundedAmount", payment.RefundedAmount);
        json.WriteNumber("extraCharges", payment.ExtraCharges.Count);
        json.WriteString("updatedAt", payment.UpdatedAt.ToUniversalTime());
        json.WriteEndObject();
    }

    private static void WriteRefund(Utf8JsonWriter json, RefundResult refund, RefundStatus? previous)
    {
        json.WriteStartObject("refund");
        json.WriteString("key", refund.RefundKey);
        json.WriteString("status", refund.Status.ToString());
        WriteOptional(json, "previousStatus", previous?.ToString());
        WriteMoney(json, "amount", refund.Amount);
        json.WriteString("provider", refund.Provider);
        WriteOptional(json, "providerReference", refund.ProviderReference);
        WriteOptional(json, "code", ProviderText.Scrub(refund.Code));
        WriteOptional(json, "message", ProviderText.Scrub(refund.Message));
        WriteOptional(json, "reason", refund.Reason);
        json.WriteBoolean("automatic", refund.Automatic);
        json.WriteString("updatedAt", refund.UpdatedAt.ToUniversalTime());
        json.WriteEndObject();
    }

    private static void WriteMoney(Utf8JsonWriter json, string name, Money money)
    {
        json.WriteStartObject(name);
        json.WriteString("value", money.Amount.ToString(CultureInfo.InvariantCulture));
        json.WriteString("currency", money.Currency);
        json.WriteNumber("minorUnits", money.ToMinorUnits());
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
