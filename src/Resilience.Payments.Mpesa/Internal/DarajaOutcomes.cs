using System;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Resilience.Payments.Http;
using Resilience.Payments.Json;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>Daraja's answers read and mapped to outcome classes: the STK push, the STK query, and the invalid-token answer.</summary>
internal static class DarajaOutcomes
{
    /// <summary>The longest token lifetime believed from <c>expires_in</c>.</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromTicks(TimeSpan.MaxValue.Ticks / 2);

    private const string InvalidAccessToken = "404.001.03";
    private const string BeingProcessedCode = "500.001.1001";
    private const string BadRequestCode = "400.002.02";

    /// <summary>Parses a Daraja body (comments and trailing commas accepted: Safaricom's own STK query sample ends with a comma).</summary>
    public static JsonDocument? Parse(ProviderHttpReply reply) => ProviderJson.TryParseText(ProviderJson.Decode(reply.Body.Span), lenient: true, maxDepth: 16);

    /// <summary>
    /// Whether Daraja refused the call's token: <c>404.001.03 Invalid Access Token</c>, a refusal before processing, so that
    /// sending the call again with a new token cannot push twice. Source: Safaricom's M-Pesa Express error codes
    /// (<see cref="DarajaErrorCodes.MpesaExpressDocs"/>; the row in <see cref="DarajaErrorCodes"/>, NotProcessed).
    /// </summary>
    public static bool IsInvalidAccessToken(ProviderHttpReply reply)
    {
        using var json = Parse(reply);
        return json is not null && ProviderJson.Code(json.RootElement, "errorCode") == InvalidAccessToken;
    }

    /// <summary>Why the STK push for <paramref name="request"/> cannot be sent (a reason naming the field), or <see langword="null"/>.</summary>
    public static string? WhyCannotSend(ProviderPaymentRequest request, DarajaOptions options, out PhoneNumber phone, out string accountReference, out string description)
    {
        phone = default;
        accountReference = string.IsNullOrEmpty(request.AccountReference) ? options.DefaultAccountReference : request.AccountReference;
        description = string.IsNullOrEmpty(request.Description) ? options.DefaultTransactionDescription : request.Description;
        if (request.Instrument is not MobileMoneyInstrument { Network: MobileNetwork.Safaricom } wallet)
        {
            return $"Instrument: M-Pesa charges Safaricom mobile-money wallets only, not {request.Instrument?.Masked}.";
        }

        phone = wallet.PhoneNumber;
        if (WhyCannotSendAmount(request.Amount) is { } amountProblem)
        {
            return amountProblem;
        }

        if (accountReference.Length > DarajaLimits.AccountReferenceMaxLength)
        {
            return $"AccountReference: M-Pesa accepts at most {DarajaLimits.AccountReferenceMaxLength} characters, got {accountReference.Length}.";
        }

        if (description.Length > DarajaLimits.TransactionDescMaxLength)
        {
            return $"TransactionDesc: M-Pesa accepts at most {DarajaLimits.TransactionDescMaxLength} characters in the description, got {description.Length}.";
        }

        return null;
    }

    public static string? WhyCannotSendAmount(Money amount)
    {
        if (!string.Equals(amount.Currency, "KES", StringComparison.OrdinalIgnoreCase))
        {
            return $"Amount: M-Pesa charges KES only, not {amount.Currency}.";
        }

        if (decimal.Truncate(amount.Amount) != amount.Amount)
        {
            return $"Amount: M-Pesa charges whole shillings only, not {amount.Amount.ToString(CultureInfo.InvariantCulture)}.";
        }

        if (amount.Amount < DarajaLimits.MinAmount || amount.Amount > DarajaLimits.MaxAmount)
        {
            return $"Amount: M-Pesa charges KES {DarajaLimits.MinAmount} to KES {DarajaLimits.MaxAmount.ToString("N0", CultureInfo.InvariantCulture)} per transaction.";
        }

        return null;
    }

    public static ProviderOutcome MapPush(HttpStatusCode status, JsonElement? body)
    {
        var root = body ?? default;
        var errorCode = ProviderJson.Code(root, "errorCode");
        if (errorCode is not null)
        {
            // Only a refusal Safaricom documents is NotProcessed; any other error after the push was sent (500.003.1001 Internal
            // Server Error, an undocumented 5xx) may have been processed: Unknown, reconciled before anything else is tried.
            var message = ProviderJson.Text(root, "errorMessage");
            return DarajaErrorCodes.ClassifyStkPush((int)status, errorCode, message) == OutcomeKind.NotProcessed
                ? ProviderOutcome.NotProcessed($"M-Pesa rejected the STK push ({errorCode}): {message}", errorCode)
                : ProviderOutcome.Unknown($"M-Pesa answered the STK push with HTTP {(int)status}, {errorCode}: {message}; it may have been processed.", errorCode);
        }

        var fault = ProviderJson.Child(root, "fault");
        var faultCode = ProviderJson.Code(ProviderJson.Child(fault, "detail"), "errorcode");
        if (faultCode is not null)
        {
            // The API proxy's own refusal ({"fault":{...}}), not Daraja's: NotProcessed only for the rate-limit policies, which stop
            // the request before it is forwarded (DarajaErrorCodes.ProxyFaults, with their sources); any other fault is Unknown.
            var faultString = ProviderJson.Text(fault, "faultstring");
            return DarajaErrorCodes.ClassifyProxyFault(faultCode) == OutcomeKind.NotProcessed
                ? ProviderOutcome.NotProcessed($"M-Pesa's API proxy refused the STK push ({faultCode}): {faultString}", faultCode)
                : ProviderOutcome.Unknown($"M-Pesa's API proxy answered the STK push with HTTP {(int)status}, {faultCode}: {faultString}; it may have been processed.", faultCode);
        }

        var checkoutRequestId = ProviderJson.Text(root, "CheckoutRequestID");
        var responseCode = ProviderJson.Code(root, "ResponseCode");
        if (status == HttpStatusCode.OK && responseCode == "0" && !string.IsNullOrWhiteSpace(checkoutRequestId))
        {
            return ProviderOutcome.Pending(checkoutRequestId, ProviderJson.Text(root, "CustomerMessage") ?? "PIN prompt sent to the payer.");
        }

        return ProviderOutcome.Unknown(
            $"Unexpected STK push answer: HTTP {(int)status}{(body is null ? " without a Daraja body" : string.Empty)}{(responseCode is null ? string.Empty : $", ResponseCode {responseCode}")}.",
            responseCode,
            string.IsNullOrWhiteSpace(checkoutRequestId) ? null : checkoutRequestId);
    }

    /// <summary>Maps an STK query answer; <paramref name="notFound"/> tells that M-Pesa has no such CheckoutRequestID.</summary>
    public static ProviderOutcome MapQuery(string checkoutRequestId, HttpStatusCode status, JsonElement? body, out bool notFound)
    {
        notFound = false;
        var root = body ?? default;
        var errorCode = ProviderJson.Code(root, "errorCode");
        if (errorCode is not null)
        {
            var message = ProviderJson.Text(root, "errorMessage");
            if (errorCode == BeingProcessedCode && message is not null && message.Contains("being processed", StringComparison.OrdinalIgnoreCase))
            {
                // Asked before the payer acted. Source: https://github.com/safaricom/LNMOnlineAndroidSample/issues/13 (Safaricom:
                // "the standard response from the Mpesa Express Query status API ... it is being processed").
                return ProviderOutcome.Pending(checkoutRequestId, message) with { Code = errorCode };
            }

            // "Bad Request - Invalid CheckoutRequestID": M-Pesa has no such push (the simulator and public integrations see this
            // answer for an unknown id). Proof of nothing until the settle window has passed (safety rule 11).
            notFound = errorCode == BadRequestCode && message is not null && message.Contains("CheckoutRequestID", StringComparison.OrdinalIgnoreCase);
            return ProviderOutcome.Unknown($"STK query failed ({errorCode}): {message}", errorCode, checkoutRequestId);
        }

        var resultCode = ProviderJson.Code(root, "ResultCode");
        if (status == HttpStatusCode.OK && resultCode is not null)
        {
            return DarajaResultCodes.ToOutcome(resultCode, ProviderJson.Text(root, "ResultDesc"), checkoutRequestId);
        }

        return ProviderOutcome.Unknown($"Unexpected STK query answer: HTTP {(int)status}.", null, checkoutRequestId);
    }
}
