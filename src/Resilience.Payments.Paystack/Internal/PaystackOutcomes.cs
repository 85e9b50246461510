using System;
using System.Globalization;
using System.Net;
using Resilience.Payments.Json;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>
/// The mapping from Paystack's answers to the library's outcome classes. Every row cites its source (the README's Paystack codes
/// table repeats them):
/// <list type="bullet">
/// <item>[errors] https://paystack.com/docs/api/errors/ : 200 "we will always send a 200 if a charge or verify request was made. Do
/// check the data object"; 400 "a validation or client side error occurred and the request was not fulfilled"; 401 "the request
/// was not authorized"; 404 "the request resource does not exist"; 5xx "could not be fulfilled due to an error on Paystack's end"
/// (which does not say nothing was done: Unknown).</item>
/// <item>[charge] https://paystack.com/docs/api/charge/ and https://paystack.com/docs/payments/payment-channels/#mobile-money :
/// <c>data.status</c> of a charge (success, failed, pending, pay_offline, open_url, send_otp, send_pin, send_phone, send_birthday,
/// send_address).</item>
/// <item>[statuses] https://paystack.com/docs/payments/verify-payments/ ("Transaction statuses"): abandoned "the customer has not
/// completed the transaction", failed, ongoing, pending, processing, queued, reversed, success.</item>
/// <item>[session] https://docs-v1.paystack.com/docs/payment-session-timeouts : "sessions on Paystack never expire… a customer can
/// complete payments at their own convenience", unless the integration sets a payment session timeout.</item>
/// <item>[duplicate] a reused reference is refused: HTTP 400 <c>{"status":false,"message":"Duplicate Transaction Reference"}</c>
/// (https://github.com/unicodeveloper/laravel-paystack/issues/106), "Transaction reference has previously been used".</item>
/// <item>[not-found] verify of a reference Paystack has no transaction for: <c>{"status":false,"message":"Transaction reference not
/// found"}</c> (https://github.com/kehers/paystack/issues/17), HTTP 400 (HTTP 404 in older answers), code
/// <c>transaction_not_found</c> where sent.</item>
/// </list>
/// </summary>
internal static class PaystackOutcomes
{
    /// <summary>Maps a <c>POST /charge</c> (or <c>/transaction/initialize</c>) answer.</summary>
    public static ProviderOutcome FromCharge(HttpStatusCode code, PaystackAnswer? answer, string reference)
    {
        var status = (int)code;
        if (answer is not null && IsDuplicateReference(answer.Message))
        {
            // [duplicate] An earlier send of this very reference reached Paystack (or someone opened a transaction under it) and may
            // have charged: find out by reference, never fail over.
            return ProviderOutcome.Unknown($"Paystack refused a reused reference ({answer.Message}); a transaction under it may have been processed", "duplicate_reference", reference);
        }

        if (answer?.Data is { Status: { Length: > 0 } } described && status is >= 200 and <= 499 && status != 429)
        {
            // [errors]/[charge] The answer describes a charge Paystack attempted (a card refused by the bank comes as HTTP 400 with
            // data.status "failed"): its data.status decides, whatever the envelope says.
            return FromChargeData(described, answer.Message, reference);
        }

        if (status == 429)
        {
            // Not in Paystack's table; a rate limiter refuses before the request is processed (RFC 6585 section 4).
            return ProviderOutcome.NotProcessed(Message(answer, "rate limited by Paystack"), "429");
        }

        if (status is 400 or 401 or 403 or 404 or 422)
        {
            // [errors] 400 "the request was not fulfilled", 401 not authorized, 404 no such resource; 403/422 are client errors of
            // the same kind. No data.status: no charge was attempted.
            return ProviderOutcome.NotProcessed(Message(answer, $"Paystack refused the request (HTTP {Text(status)})"), Text(status));
        }

        if (status is < 200 or > 299)
        {
            // [errors] 5xx "could not be fulfilled due to an error on Paystack's end" does not say that nothing was done; any other
            // status is not documented. Unknown: the reconciler verifies by reference.
            return ProviderOutcome.Unknown($"HTTP {Text(status)} from Paystack after the request was sent", Text(status), reference);
        }

        if (answer is null)
        {
            return ProviderOutcome.Unknown("Paystack answered with a body that is not JSON", "unreadable", reference);
        }

        if (answer.Status == false)
        {
            // [errors] "we will always send a 200 if a charge ... was made. Do check the data object": status false without a
            // data.status is a refusal before any charge (a validation message such as "Invalid Email Address Passed").
            return ProviderOutcome.NotProcessed(Message(answer, "Paystack refused the request"), "validation");
        }

        return ProviderOutcome.Unknown("Paystack answered without data.status", "no_data", reference);
    }

    /// <summary>Maps <c>data.status</c> of a charge ([charge]).</summary>
    public static ProviderOutcome FromChargeData(PaystackData data, string? message, string reference)
    {
        var providerReference = data.Reference ?? reference;
        switch (data.Status?.ToLowerInvariant())
        {
            case "success":
                return Success(data, providerReference);
            case "failed":
                return Declined(data, message, providerReference);
            case "pending":
            case "pay_offline":
            // [statuses] A transaction Paystack is still working on. A direct debit charged with its authorization answers
            // "processing" with gateway_response "Transaction in progress"
            // (https://paystack.com/docs/payments/direct-debit/, sample in https://github.com/PaystackOSS/doc-code-snippets
            // src/doc/payments/direct-debit/charge-authorization/index.json): accepted, its outcome comes later.
            case "processing":
            case "ongoing":
            case "queued":
                return Reported(ProviderOutcome.Pending(providerReference, data.DisplayText ?? data.Message ?? message) with { Code = data.Status }, data);
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
    public static ProviderOutcome FromVerify(HttpStatusCode code, PaystackAnswer? answer, string reference, VerifyContext context)
    {
        var status = (int)code;
        if (status is 400 or 404 && IsNotFound(answer))
        {
            // [not-found] Proof of "never charged" only once the request can no longer land (safety rule 11): before that a /charge
            // still in Paystack's queue would be charged after the gateway failed over.
            return context.NotFoundIsConclusive
                ? ProviderOutcome.NotProcessed($"Paystack has no transaction {reference}: {answer!.Message}", "not_found")
                : ProviderOutcome.Unknown(
                    $"Paystack has no transaction {reference} yet, but the request may still land until {context.NotFoundConclusiveAt.ToString("O", CultureInfo.InvariantCulture)}",
                    "not_found",
                    reference);
        }

        if (status is < 200 or > 299 || answer is not { Status: true, Data: { } data })
        {
            // [errors] Anything else says nothing about the transaction: ask again later.
            return ProviderOutcome.Unknown(Message(answer, $"HTTP {Text(status)} from verify"), Text(status), reference);
        }

        return FromVerifyData(data, reference, context.CheckoutExpired);
    }

    /// <summary>Maps <c>data.status</c> of a verified transaction ([statuses]).</summary>
    /// <param name="data">The transaction.</param>
    /// <param name="reference">The attempt reference.</param>
    /// <param name="checkoutExpired">Whether an abandoned transaction can no longer be paid (see <see cref="PaystackOptions.PaymentSessionTimeout"/>).</param>
    public static ProviderOutcome FromVerifyData(PaystackData data, string reference, bool checkoutExpired)
    {
        var providerReference = data.Reference ?? reference;
        return data.Status?.ToLowerInvariant() switch
        {
            "success" => Success(data, providerReference),
            "failed" => Declined(data, null, providerReference),

            // Money moved and went back (a refund or a chargeback): final, and a success recorded before stays final (rule 3).
            "reversed" => Reported(ProviderOutcome.Declined("reversed", data.GatewayResponse ?? "the transaction was reversed", providerReference), data),

            // [statuses]/[session] "The customer has not completed the transaction": a checkout is created so and stays payable until
            // the payer pays, for ever unless the integration has a payment session timeout. Final only once that has passed.
            "abandoned" when checkoutExpired => Reported(ProviderOutcome.Declined("abandoned", "the payer did not complete Paystack's checkout before its payment session timed out", providerReference), data),
            "abandoned" => Reported(ProviderOutcome.Pending(providerReference, "the payer has not completed the transaction yet; Paystack keeps it payable") with { Code = "abandoned" }, data),

            // [statuses] ongoing/pending/processing/queued, and the charge states [charge] a verify can also show.
            "pending" or "ongoing" or "processing" or "queued" or "pay_offline" or "send_otp" or "send_pin" or "send_phone" or "send_birthday" or "send_address" or "open_url"
                => Reported(ProviderOutcome.Pending(providerReference, data.GatewayResponse) with { Code = data.Status }, data),
            _ => ProviderOutcome.Unknown($"Paystack reports status '{data.Status}'", data.Status ?? "no_status", providerReference),
        };
    }

    /// <summary>
    /// A success, with the money that moved. Paystack reports <c>amount</c> (in the subunit) and <c>currency</c> on every charge,
    /// verify and webhook; a success without them cannot be checked against the payment (safety rule 8), so it is Unknown and the
    /// reconciler asks again.
    /// </summary>
    public static ProviderOutcome Success(PaystackData data, string providerReference)
    {
        if (ReportedAmount(data) is not { } amount)
        {
            return ProviderOutcome.Unknown(
                $"Paystack reported a success without a readable amount and currency ({(data.Amount is null ? "no amount" : "currency '" + data.Currency + "'")}); it cannot be checked against the payment",
                "no_amount",
                providerReference);
        }

        return ProviderOutcome.Succeeded(data.Reference ?? data.Id, providerReference) with
        {
            Amount = amount,
            Payer = ReportedPayer(data),
            OccurredAt = ReportedTime(data),
        };
    }

    /// <summary>A declined charge, with the amount when reported.</summary>
    public static ProviderOutcome Declined(PaystackData? data, string? message, string providerReference)
    {
        var reason = data?.GatewayResponse ?? data?.Message ?? message ?? "declined";
        var outcome = ProviderOutcome.Declined(data?.GatewayResponse ?? data?.Status ?? "failed", reason, providerReference);
        return data is null ? outcome : Reported(outcome, data);
    }

    /// <summary>
    /// The amount Paystack reports, converted from the subunit with the currency's ISO 4217 minor units (the same conversion the
    /// adapter sends with: KES 200.50 is 20050); <see langword="null"/> when the amount or a known currency is missing.
    /// </summary>
    public static Money? ReportedAmount(PaystackData data)
    {
        if (data.Amount is not { } minor || minor < 0 || !Currency.TryGet(data.Currency, out var currency))
        {
            return null;
        }

        return Money.FromMinorUnits(minor, currency.Code);
    }

    /// <summary>
    /// The wallet that paid a mobile money charge (<c>authorization.mobile_money_number</c>), only when it is a whole Kenyan mobile
    /// number: a masked one (<c>0712XXX678</c>) cannot be compared. The <c>customer.phone</c> field is never used: it is the phone
    /// of Paystack's customer record, keyed by e-mail address, which the adapter shares between payers (<c>DefaultEmail</c>).
    /// </summary>
    public static string? ReportedPayer(PaystackData data)
    {
        var number = data.MobileMoneyNumber;
        return PhoneNumber.TryParse(number, out _) ? number : null; // a masked number (0712XXX678) does not parse
    }

    /// <summary>When the payer paid (<c>paid_at</c>, else <c>transaction_date</c>), only when written with an offset (Paystack writes UTC with <c>Z</c>).</summary>
    public static DateTimeOffset? ReportedTime(PaystackData data)
    {
        return ProviderJson.TimeWithOffset(data.PaidAt) ?? ProviderJson.TimeWithOffset(data.TransactionDate);
    }

    /// <summary>Whether Paystack refused the reference as already used ([duplicate]).</summary>
    public static bool IsDuplicateReference(string? message) =>
        message is not null
        && (message.Contains("previously been used", StringComparison.OrdinalIgnoreCase)
            || message.Contains("duplicate transaction reference", StringComparison.OrdinalIgnoreCase)
            || message.Contains("duplicate reference", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a verify answer says Paystack has no transaction under the reference ([not-found]).</summary>
    public static bool IsNotFound(PaystackAnswer? answer) =>
        answer is { Status: not true }
        && (string.Equals(answer.Code, "transaction_not_found", StringComparison.OrdinalIgnoreCase)
            || (answer.Message is { } message && message.Contains("reference not found", StringComparison.OrdinalIgnoreCase)));

    private static ProviderOutcome Reported(ProviderOutcome outcome, PaystackData data) =>
        ReportedAmount(data) is { } amount ? outcome with { Amount = amount, OccurredAt = ReportedTime(data) } : outcome;

    private static string Message(PaystackAnswer? answer, string fallback) =>
        string.IsNullOrWhiteSpace(answer?.Message) ? fallback : answer.Message;

    private static string Text(int status) => status.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a verify answer is read against: the attempt's "not found" settle window and its checkout's payment session.</summary>
/// <param name="NotFoundIsConclusive">Whether "no such transaction" now proves "never charged".</param>
/// <param name="NotFoundConclusiveAt">When it will.</param>
/// <param name="CheckoutExpired">Whether an abandoned transaction can no longer be paid.</param>
internal readonly record struct VerifyContext(bool NotFoundIsConclusive, DateTimeOffset NotFoundConclusiveAt, bool CheckoutExpired);
