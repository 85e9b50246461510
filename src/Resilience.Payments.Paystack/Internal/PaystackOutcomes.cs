using System;
using System.Net;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>The mapping from Paystack's answers to the library's outcome classes (see providers.md, "Paystack").</summary>
internal static class PaystackOutcomes
{
    /// <summary>Maps a <c>POST /charge</c> answer.</summary>
    public static ProviderOutcome FromCharge(HttpStatusCode code, PaystackAnswer? answer, string reference)
    {
        var status = (int)code;
        if (answer is not null && IsDuplicateReference(answer.Message))
        {
            // An earlier send of this very attempt reached Paystack and may have charged: find out by reference, never fail over.
            return ProviderOutcome.Unknown($"Paystack refused a reused reference ({answer.Message}); an earlier send of this attempt may have been processed", "duplicate_reference", reference);
        }

        if (status == 429)
        {
            return ProviderOutcome.NotProcessed(Message(answer, "rate limited by Paystack"), "429");
        }

        if (status is 400 or 401 or 403 or 404 or 422)
        {
            // A charge Paystack attempted and the payer's bank or wallet refused is a final answer, not a failure.
            return answer?.Data?.Status is { } s && s.Equals("failed", StringComparison.OrdinalIgnoreCase)
                ? Declined(answer.Data, answer.Message, reference)
                : ProviderOutcome.NotProcessed(Message(answer, $"Paystack refused the request (HTTP {status})"), status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (status is < 200 or > 299)
        {
            return ProviderOutcome.Unknown($"HTTP {status} from Paystack after the charge was sent", status.ToString(System.Globalization.CultureInfo.InvariantCulture), reference);
        }

        if (answer is null)
        {
            return ProviderOutcome.Unknown("Paystack answered with a body that is not JSON", "unreadable", reference);
        }

        if (answer.Status == false)
        {
            return ProviderOutcome.NotProcessed(Message(answer, "Paystack refused the request"), "validation");
        }

        return answer.Data is null
            ? ProviderOutcome.Unknown("Paystack answered without data", "no_data", reference)
            : FromChargeData(answer.Data, answer.Message, reference);
    }

    /// <summary>Maps <c>data.status</c> of a charge.</summary>
    public static ProviderOutcome FromChargeData(PaystackData data, string? message, string reference)
    {
        var providerReference = data.Reference ?? reference;
        switch (data.Status?.ToLowerInvariant())
        {
            case "success":
                return ProviderOutcome.Succeeded(data.Reference ?? data.Id, providerReference);
            case "failed":
                return Declined(data, message, providerReference);
            case "pending":
            case "pay_offline":
                return ProviderOutcome.Pending(providerReference, data.DisplayText ?? data.Message ?? message) with { Code = data.Status };
            case "open_url":
                return Uri.TryCreate(data.Url, UriKind.Absolute, out var url)
                    ? ProviderOutcome.ActionRequired(new PaymentAction(PaymentActionKind.Redirect, url, data.DisplayText), providerReference) with { Code = data.Status }
                    : ProviderOutcome.Unknown("Paystack asked for open_url without a valid url", "open_url", providerReference);
            case "send_otp":
            case "send_pin":
            case "send_phone":
            case "send_birthday":
            case "send_address":
                // The library has one kind for "the payer types something in"; the code says what.
                return ProviderOutcome.ActionRequired(new PaymentAction(PaymentActionKind.Otp, null, data.DisplayText ?? data.Message ?? message), providerReference) with { Code = data.Status };
            default:
                return ProviderOutcome.Unknown($"Paystack answered with status '{data.Status}'", data.Status ?? "no_status", providerReference);
        }
    }

    /// <summary>Maps a <c>GET /transaction/verify/{reference}</c> answer.</summary>
    public static ProviderOutcome FromVerify(HttpStatusCode code, PaystackAnswer? answer, string reference)
    {
        var status = (int)code;
        if (status == 404 && answer?.Message is { } message && message.Contains("reference not found", StringComparison.OrdinalIgnoreCase))
        {
            return ProviderOutcome.NotProcessed($"Paystack has no transaction {reference}: {message}", "not_found");
        }

        if (status is < 200 or > 299 || answer is not { Status: true, Data: { } data })
        {
            return ProviderOutcome.Unknown(Message(answer, $"HTTP {status} from verify"), status.ToString(System.Globalization.CultureInfo.InvariantCulture), reference);
        }

        return FromVerifyData(data, reference);
    }

    /// <summary>Maps <c>data.status</c> of a verified transaction (also the data of a webhook).</summary>
    public static ProviderOutcome FromVerifyData(PaystackData data, string reference)
    {
        var providerReference = data.Reference ?? reference;
        return data.Status?.ToLowerInvariant() switch
        {
            "success" => ProviderOutcome.Succeeded(data.Reference ?? data.Id, providerReference),
            "failed" or "abandoned" or "reversed" => Declined(data, null, providerReference),
            "pending" or "ongoing" or "processing" or "queued" or "pay_offline" or "send_otp" or "send_pin" or "send_phone" or "send_birthday" or "send_address" or "open_url"
                => ProviderOutcome.Pending(providerReference, data.GatewayResponse) with { Code = data.Status },
            _ => ProviderOutcome.Unknown($"Paystack reports status '{data.Status}'", data.Status ?? "no_status", providerReference),
        };
    }

    /// <summary>Whether Paystack refused the reference as already used.</summary>
    public static bool IsDuplicateReference(string? message) =>
        message is not null
        && (message.Contains("previously been used", StringComparison.OrdinalIgnoreCase)
            || message.Contains("duplicate transaction reference", StringComparison.OrdinalIgnoreCase)
            || message.Contains("duplicate reference", StringComparison.OrdinalIgnoreCase));

    private static ProviderOutcome Declined(PaystackData? data, string? message, string providerReference)
    {
        var reason = data?.GatewayResponse ?? data?.Message ?? message ?? "declined";
        return ProviderOutcome.Declined(data?.GatewayResponse ?? data?.Status ?? "failed", reason, providerReference);
    }

    private static string Message(PaystackAnswer? answer, string fallback) =>
        string.IsNullOrWhiteSpace(answer?.Message) ? fallback : answer.Message;
}
