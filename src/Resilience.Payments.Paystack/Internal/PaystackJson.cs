using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Resilience.Payments.Json;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>Reads Paystack answers and webhooks with the shared <see cref="ProviderJson"/> (wrong types are ignored, never thrown).</summary>
internal static class PaystackJson
{
    /// <summary>Parses an answer; <see langword="null"/> when the bytes are not a JSON object.</summary>
    public static PaystackAnswer? TryRead(ReadOnlySpan<byte> utf8)
    {
        using var document = ProviderJson.TryParse(utf8);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var root = document.RootElement;
        var data = ProviderJson.Child(root, "data");
        List<PaystackData>? items = null;
        if (ProviderJson.TryGetProperty(root, "data", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            items = [];
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && items.Count < MaxItems)
                {
                    items.Add(ReadData(item));
                }
            }
        }

        return new PaystackAnswer
        {
            Status = root.TryGetProperty("status", out var status) && status.ValueKind is JsonValueKind.True or JsonValueKind.False ? status.GetBoolean() : null,
            Message = ProviderJson.Text(root, "message"),
            Code = ProviderJson.Text(root, "code"),
            Event = ProviderJson.Text(root, "event"),
            Data = data.ValueKind == JsonValueKind.Object ? ReadData(data) : null,
            Items = items,
        };
    }

    /// <summary>The most objects of a listing read (a page of <c>GET /refund</c> holds at most 100 with <c>perPage=100</c>).</summary>
    private const int MaxItems = 500;

    private static PaystackData ReadData(JsonElement data)
    {
        // "transaction" is the refunded transaction: a number (its id) in fetch and list answers, an object in a refund answer.
        var transaction = ProviderJson.Child(data, "transaction");
        return new()
        {
            Status = ProviderJson.Text(data, "status"),
            Reference = ProviderJson.Text(data, "reference"),
            Id = ProviderJson.Text(data, "id"),
            GatewayResponse = ProviderJson.Text(data, "gateway_response"),
            DisplayText = ProviderJson.Text(data, "display_text"),
            Message = ProviderJson.Text(data, "message"),
            Url = ProviderJson.Text(data, "url"),
            AuthorizationUrl = ProviderJson.Text(data, "authorization_url"),
            AccessCode = ProviderJson.Text(data, "access_code"),
            Amount = ProviderJson.WholeNumber(data, "amount", NumberStyles.None), // subunits: a JSON integer, or a string of digits
            Currency = ProviderJson.Text(data, "currency"),
            Channel = ProviderJson.Text(data, "channel"),
            PaidAt = ProviderJson.Text(data, "paid_at") ?? ProviderJson.Text(data, "paidAt"),
            TransactionDate = ProviderJson.Text(data, "transaction_date"),
            MobileMoneyNumber = ProviderJson.Text(ProviderJson.Child(data, "authorization"), "mobile_money_number"),
            MerchantNote = ProviderJson.Text(data, "merchant_note"),
            TransactionReference = ProviderJson.Text(data, "transaction_reference") ?? ProviderJson.Text(transaction, "reference"),
            TransactionId = ProviderJson.Code(data, "transaction") ?? ProviderJson.Code(transaction, "id"),
        };
    }
}
