using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Resilience.Payments.AirtelMoney;

/// <summary>
/// The documented Airtel Money codes and their outcome classes: <c>status.response_code</c> (<c>DP008000010xx</c>),
/// <c>status.result_code</c> (the <c>ESB...</c> product codes and the <c>ROUTER...</c> API-gateway codes) and the enquiry's
/// <c>data.transaction.status</c> (<c>TS</c>, <c>TF</c>, <c>TA</c>, <c>TIP</c>, <c>TE</c>). Every row names its source
/// (<see cref="AirtelMoneyCode.Source"/>). A code that is not in a table is <see cref="OutcomeKind.Unknown"/>: the attempt is
/// enquired, never declined nor failed over on a guess.
/// </summary>
/// <remarks>
/// Only the rows whose class is <see cref="OutcomeKind.NotProcessed"/> let a collection answer fail over at once: each is a
/// validation or configuration refusal documented as such. "No such transaction" (<see cref="NotFoundResultCode"/>,
/// <see cref="NotFoundResponseCode"/>) is <see cref="OutcomeKind.Unknown"/> in the tables: it is evidence of "never charged" only
/// in an enquiry answer, and only once the settle window has passed (<see cref="AirtelMoneyOptions.NotFoundSettleTime"/>).
/// </remarks>
internal static class AirtelMoneyCodes
{
    /// <summary><c>result_code</c> of a re-sent transaction id: the first send reached Airtel, so the attempt must be enquired.</summary>
    public const string IdAlreadyExists = "ESB000041";

    /// <summary>Airtel's developer documentation, Collection API (USSD push, transaction enquiry, callbacks, response and error codes).</summary>
    internal const string Docs = "https://developers.airtel.africa/documentation (Collection API: response codes, error codes, transaction enquiry)";

    /// <summary><c>result_code</c> "No transaction found with provided transaction id".</summary>
    internal const string NotFoundResultCode = "ESB000045";

    /// <summary><c>response_code</c> "Transaction not found".</summary>
    internal const string NotFoundResponseCode = "DP00800001025";

    // The tables of developers.airtel.africa, as mirrored in a public client: the DP008 collection codes (dp_code), the ESB
    // product codes (esb_code), the ROUTER gateway codes (rr_code) and the enquiry statuses (ta_code).
    private const string Mirror = "; mirrored in iplusacademy/moodle-paygw_airtelafrica classes/airtel_helper.php";
    private const string ResponseSource = Docs + Mirror + " (dp_code)";
    private const string ResultSource = Docs + Mirror + " (esb_code)";
    private const string RouterSource = Docs + Mirror + " (rr_code)";
    private const string EnquirySource = Docs + Mirror + " (ta_code)";

    private static readonly FrozenDictionary<string, AirtelMoneyCode> Response = new AirtelMoneyCode[]
    {
        // "Ambiguous: the transaction is still processing and is in ambiguous state. Please do the transaction enquiry."
        new("DP00800001000", OutcomeKind.Unknown, "Transaction ambiguous: enquire.") { Source = ResponseSource },
        new("DP00800001001", OutcomeKind.Succeeded, "Transaction successful.") { Source = ResponseSource },
        new("DP00800001002", OutcomeKind.Declined, "Incorrect PIN.") { Source = ResponseSource },
        new("DP00800001003", OutcomeKind.Declined, "Exceeds the payer's wallet transaction limit.") { Source = ResponseSource },
        // "Invalid amount: less than the minimum amount allowed": refused on validation, nothing created.
        new("DP00800001004", OutcomeKind.NotProcessed, "Invalid amount.") { Source = ResponseSource },
        new("DP00800001005", OutcomeKind.Declined, "The payer did not enter the PIN.") { Source = ResponseSource },
        new("DP00800001006", OutcomeKind.Pending, "Transaction in process: the payer has a USSD prompt.") { Source = ResponseSource },
        new("DP00800001007", OutcomeKind.Declined, "Insufficient balance.") { Source = ResponseSource },
        new("DP00800001008", OutcomeKind.Declined, "Transaction refused.") { Source = ResponseSource },
        new("DP00800001009", OutcomeKind.Declined, "Do not honor: a generic refusal.") { Source = ResponseSource },
        // "Transaction not permitted to payee: the payee is churned, barred or not registered on Airtel Money" (the merchant's
        // own configuration): refused before any debit.
        new("DP00800001010", OutcomeKind.NotProcessed, "Payee not permitted to receive this payment (configuration).") { Source = ResponseSource },
        // "Transaction timed out": not said to be the payer's timeout; a collection answered so may still complete: enquire.
        new("DP00800001024", OutcomeKind.Unknown, "Transaction timed out: enquire.") { Source = ResponseSource },
        new(NotFoundResponseCode, OutcomeKind.Unknown, "Transaction not found: never charged only in an enquiry answer after the settle window.") { Source = ResponseSource },
        // "Forbidden: x-signature and payload did not match": refused before processing.
        new("DP00800001026", OutcomeKind.NotProcessed, "Signature mismatch: the request was refused.") { Source = Docs + " (DP00800001026 Forbidden: x-signature and payload did not match)" },
        new("DP00800001029", OutcomeKind.Declined, "Transaction expired: the payer did not act.") { Source = ResponseSource },
    }.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, AirtelMoneyCode> Result = new AirtelMoneyCode[]
    {
        new("ESB000010", OutcomeKind.Pending, "Request accepted (the response_code says what happened).") { Source = ResultSource },
        // "Something went wrong", "An error occurred while initiating the payment", "... while fetching the transaction status":
        // the documented advice is a transaction enquiry.
        new("ESB000001", OutcomeKind.Unknown, "Something went wrong: enquire.") { Source = ResultSource },
        new("ESB000004", OutcomeKind.Unknown, "An error occurred while initiating the payment: enquire.") { Source = ResultSource },
        new("ESB000014", OutcomeKind.Unknown, "An error occurred while fetching the transaction status: enquire.") { Source = ResultSource },
        new("0000900", OutcomeKind.Unknown, "Ambiguous: enquire.") { Source = Docs + " (error codes: 0000900 ambiguous, enquire)" },
        new("ESB000011", OutcomeKind.Declined, "Transaction failed.") { Source = ResultSource },
        // Validation of the request's fields: refused before anything was created.
        new("ESB000008", OutcomeKind.NotProcessed, "Field validation failed.") { Source = ResultSource },
        new("ESB000033", OutcomeKind.NotProcessed, "Invalid MSISDN length.") { Source = ResultSource },
        new("ESB000034", OutcomeKind.NotProcessed, "Invalid country.") { Source = ResultSource },
        new("ESB000035", OutcomeKind.NotProcessed, "Invalid currency.") { Source = ResultSource },
        new("ESB000036", OutcomeKind.NotProcessed, "Invalid MSISDN (length or leading zero).") { Source = ResultSource },
        new("ESB000039", OutcomeKind.NotProcessed, "The merchant (vendor) is not configured for this country.") { Source = ResultSource },
        new(IdAlreadyExists, OutcomeKind.Unknown, "Transaction id already exists: the first send reached Airtel; enquire (re-sending cannot charge twice).") { Source = ResultSource },
        new(NotFoundResultCode, OutcomeKind.Unknown, "No transaction found with this id: never charged only in an enquiry answer after the settle window.") { Source = ResultSource },

        // The API gateway's own answers, before the request reaches the product. The PIN codes (ROUTER114-116) concern
        // disbursements, not collections, and are left out (unlisted: Unknown).
        new("ROUTER001", OutcomeKind.NotProcessed, "The wallet is not configured.") { Source = RouterSource },
        new("ROUTER003", OutcomeKind.NotProcessed, "Mandatory parameters are missing in the header or the body.") { Source = RouterSource },
        new("ROUTER005", OutcomeKind.NotProcessed, "The country route is not configured.") { Source = RouterSource },
        new("ROUTER006", OutcomeKind.NotProcessed, "Invalid country code.") { Source = RouterSource },
        new("ROUTER007", OutcomeKind.NotProcessed, "Not authorized to operate in this country.") { Source = RouterSource },
        new("ROUTER112", OutcomeKind.NotProcessed, "Invalid currency.") { Source = RouterSource },
        // "An error occurred while generating the response" / "Request timeout: do a transaction enquiry".
        new("ROUTER117", OutcomeKind.Unknown, "The gateway failed while generating the response: enquire.") { Source = RouterSource },
    }.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, AirtelMoneyCode> Enquiry = new AirtelMoneyCode[]
    {
        new("TS", OutcomeKind.Succeeded, "Transaction successful.") { Source = EnquirySource },
        new("TF", OutcomeKind.Declined, "Transaction failed.") { Source = EnquirySource },
        new("TA", OutcomeKind.Unknown, "Transaction ambiguous: enquire again.") { Source = EnquirySource },
        new("TIP", OutcomeKind.Pending, "Transaction in progress.") { Source = EnquirySource },
        new("TE", OutcomeKind.Declined, "Transaction expired: the payer did not act.") { Source = Docs + " (transaction enquiry: TE transaction expired)" },
    }.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    // Refunds: POST /standard/v1/payments/refund ({"transaction":{"airtel_money_id"}}), answered with the status object of every
    // Airtel answer and data.transaction.{airtel_money_id,status}; the documented sample answers status "SUCCESS" with
    // result_code ESB000010 (and, oddly, success false), so "success" is not read. The refund is confirmed by enquiring the refund's
    // own transaction id (inferred, see RefundEnquirySource). The classes differ from a collection's where the code means something
    // else for a refund: "not found" names the airtel_money_id to refund (refused before processing), and "insufficient balance" is
    // the merchant's wallet (a final no).
    private const string RefundSource = "https://developers.airtel.africa/documentation (Collection API: Refund, POST /standard/v1/payments/refund); sample mirrored in fredpatch/ono_ticketr_server services/airtelmoney/documentations.md";
    private const string RefundEnquirySource = "inferred, not in Airtel's published refund sample: public clients send a partner transaction.id with the refund, and Airtel keeps transactions under the partner's id (Transaction Enquiry, " + Docs + ")";

    private static readonly FrozenDictionary<string, AirtelMoneyCode> RefundResponse = new AirtelMoneyCode[]
    {
        new("DP00800001000", OutcomeKind.Unknown, "Refund ambiguous: enquire.") { Source = ResponseSource },
        new("DP00800001001", OutcomeKind.Succeeded, "Refund successful.") { Source = ResponseSource },
        // The PIN and payer-limit codes concern the payer of a collection; on a refund they can only be a final refusal.
        new("DP00800001002", OutcomeKind.Declined, "Refused: incorrect PIN.") { Source = ResponseSource },
        new("DP00800001003", OutcomeKind.Declined, "Refused: exceeds a wallet transaction limit.") { Source = ResponseSource },
        new("DP00800001004", OutcomeKind.NotProcessed, "Invalid amount: refused on validation.") { Source = ResponseSource },
        new("DP00800001005", OutcomeKind.Declined, "Refused: PIN not entered.") { Source = ResponseSource },
        new("DP00800001006", OutcomeKind.Pending, "Refund in process.") { Source = ResponseSource },
        new("DP00800001007", OutcomeKind.Declined, "Insufficient balance in the merchant's wallet to refund.") { Source = ResponseSource },
        new("DP00800001008", OutcomeKind.Declined, "Refund refused.") { Source = ResponseSource },
        new("DP00800001009", OutcomeKind.Declined, "Do not honor: a generic refusal.") { Source = ResponseSource },
        new("DP00800001010", OutcomeKind.NotProcessed, "Not permitted (the merchant's configuration).") { Source = ResponseSource },
        new("DP00800001024", OutcomeKind.Unknown, "Refund timed out: enquire.") { Source = ResponseSource },
        new(NotFoundResponseCode, OutcomeKind.NotProcessed, "No transaction with this airtel_money_id: nothing to refund.") { Source = ResponseSource },
        new("DP00800001026", OutcomeKind.NotProcessed, "Signature mismatch: the request was refused.") { Source = Docs + " (DP00800001026 Forbidden: x-signature and payload did not match)" },
        new("DP00800001029", OutcomeKind.Declined, "Refund expired.") { Source = ResponseSource },
    }.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, AirtelMoneyCode> RefundResult = Result.Values
        .Select(static row => row.Code switch
        {
            "ESB000010" => row with { Meaning = "Refund request accepted (data.transaction.status or response_code says more)." },
            "ESB000011" => row with { Meaning = "Refund failed." },
            // The airtel_money_id named no transaction: nothing to refund, refused before processing.
            NotFoundResultCode => row with { Kind = OutcomeKind.NotProcessed, Meaning = "No transaction with this airtel_money_id: nothing to refund." },
            IdAlreadyExists => row with { Meaning = "A refund with this transaction id reached Airtel before: enquire." },
            _ => row,
        })
        .ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, AirtelMoneyCode> RefundStatus = new AirtelMoneyCode[]
    {
        // The refund answer's data.transaction.status: "SUCCESS" is the documented acceptance (as a collection's), not the money.
        new("SUCCESS", OutcomeKind.Pending, "Refund accepted: confirmed by enquiry.") { Source = RefundSource },
        new("TS", OutcomeKind.Succeeded, "Refund successful: the money went back.") { Source = EnquirySource },
        new("TF", OutcomeKind.Declined, "Refund failed.") { Source = EnquirySource },
        new("TA", OutcomeKind.Unknown, "Refund ambiguous: enquire again.") { Source = EnquirySource },
        new("TIP", OutcomeKind.Pending, "Refund in progress.") { Source = EnquirySource },
        new("TE", OutcomeKind.Declined, "Refund expired.") { Source = Docs + " (transaction enquiry: TE transaction expired)" },
    }.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the <c>response_code</c> table (<c>DP008000010xx</c>).</summary>
    public static IReadOnlyCollection<AirtelMoneyCode> ResponseCodes => Response.Values;

    /// <summary>Gets the <c>result_code</c> table (<c>ESB...</c>, <c>ROUTER...</c>).</summary>
    public static IReadOnlyCollection<AirtelMoneyCode> ResultCodes => Result.Values;

    /// <summary>Gets the enquiry <c>data.transaction.status</c> table.</summary>
    public static IReadOnlyCollection<AirtelMoneyCode> EnquiryStatuses => Enquiry.Values;

    /// <summary>Looks up a <c>response_code</c>.</summary>
    /// <param name="code">The code.</param>
    /// <param name="row">The row.</param>
    /// <returns>Whether the code is documented.</returns>
    public static bool TryGetResponseCode(string? code, [NotNullWhen(true)] out AirtelMoneyCode? row) => TryGet(Response, code, out row);

    /// <summary>Looks up a <c>result_code</c>.</summary>
    /// <param name="code">The code.</param>
    /// <param name="row">The row.</param>
    /// <returns>Whether the code is documented.</returns>
    public static bool TryGetResultCode(string? code, [NotNullWhen(true)] out AirtelMoneyCode? row) => TryGet(Result, code, out row);

    /// <summary>Looks up an enquiry (or callback) transaction status.</summary>
    /// <param name="status">The status.</param>
    /// <param name="row">The row.</param>
    /// <returns>Whether the status is documented.</returns>
    public static bool TryGetEnquiryStatus(string? status, [NotNullWhen(true)] out AirtelMoneyCode? row) => TryGet(Enquiry, status, out row);

    /// <summary>Gets the refund answer's <c>response_code</c> table.</summary>
    public static IReadOnlyCollection<AirtelMoneyCode> RefundResponseCodes => RefundResponse.Values;

    /// <summary>Gets the refund answer's <c>result_code</c> table.</summary>
    public static IReadOnlyCollection<AirtelMoneyCode> RefundResultCodes => RefundResult.Values;

    /// <summary>Gets the refund's <c>data.transaction.status</c> table (the refund answer and the refund's enquiry).</summary>
    public static IReadOnlyCollection<AirtelMoneyCode> RefundStatuses => RefundStatus.Values;

    /// <summary>Gets where the refund API is documented, and where the refund's enquiry is inferred from.</summary>
    public static string RefundSources => RefundSource + "; enquiry: " + RefundEnquirySource;

    /// <summary>Looks up a refund answer's <c>response_code</c>.</summary>
    /// <param name="code">The code.</param>
    /// <param name="row">The row.</param>
    /// <returns>Whether the code is documented.</returns>
    public static bool TryGetRefundResponseCode(string? code, [NotNullWhen(true)] out AirtelMoneyCode? row) => TryGet(RefundResponse, code, out row);

    /// <summary>Looks up a refund answer's <c>result_code</c>.</summary>
    /// <param name="code">The code.</param>
    /// <param name="row">The row.</param>
    /// <returns>Whether the code is documented.</returns>
    public static bool TryGetRefundResultCode(string? code, [NotNullWhen(true)] out AirtelMoneyCode? row) => TryGet(RefundResult, code, out row);

    /// <summary>Looks up a refund's <c>data.transaction.status</c>.</summary>
    /// <param name="status">The status.</param>
    /// <param name="row">The row.</param>
    /// <returns>Whether the status is documented.</returns>
    public static bool TryGetRefundStatus(string? status, [NotNullWhen(true)] out AirtelMoneyCode? row) => TryGet(RefundStatus, status, out row);

    /// <summary>Returns whether a code is Airtel's documented "no such transaction" (<c>ESB000045</c>, <c>DP00800001025</c>).</summary>
    internal static bool IsNotFound(string? code) =>
        code is not null && (string.Equals(code.Trim(), NotFoundResultCode, StringComparison.OrdinalIgnoreCase) || string.Equals(code.Trim(), NotFoundResponseCode, StringComparison.OrdinalIgnoreCase));

    private static bool TryGet(FrozenDictionary<string, AirtelMoneyCode> table, string? code, [NotNullWhen(true)] out AirtelMoneyCode? row)
    {
        row = null;
        return !string.IsNullOrWhiteSpace(code) && table.TryGetValue(code.Trim(), out row);
    }
}
