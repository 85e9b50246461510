using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Resilience.Payments.AirtelMoney;

/// <summary>
/// The documented Airtel Money codes and their outcome classes: <c>status.response_code</c> (<c>DP008000010xx</c>),
/// <c>status.result_code</c> (<c>ESB...</c>) and the enquiry's <c>data.transaction.status</c> (<c>TS</c>, <c>TF</c>, <c>TA</c>,
/// <c>TIP</c>, <c>TE</c>). Unlisted codes are <see cref="OutcomeKind.Unknown"/>: the attempt is enquired, never failed over blindly.
/// </summary>
public static class AirtelMoneyCodes
{
    /// <summary><c>result_code</c> of a re-sent transaction id: the first send reached Airtel, so the attempt must be enquired.</summary>
    public const string IdAlreadyExists = "ESB000041";

    private static readonly FrozenDictionary<string, AirtelMoneyCode> Response = new AirtelMoneyCode[]
    {
        new("DP00800001000", OutcomeKind.Unknown, "Transaction ambiguous: enquire."),
        new("DP00800001001", OutcomeKind.Succeeded, "Transaction successful."),
        new("DP00800001002", OutcomeKind.Declined, "Incorrect PIN."),
        new("DP00800001003", OutcomeKind.Declined, "Exceeds the payer's transaction limit."),
        new("DP00800001004", OutcomeKind.NotProcessed, "Invalid amount."),
        new("DP00800001005", OutcomeKind.Declined, "The payer did not enter the PIN."),
        new("DP00800001006", OutcomeKind.Pending, "Transaction in process: the payer has a USSD prompt."),
        new("DP00800001007", OutcomeKind.Declined, "Insufficient balance."),
        new("DP00800001008", OutcomeKind.Declined, "Transaction refused."),
        new("DP00800001010", OutcomeKind.NotProcessed, "Payee not permitted to receive this payment (configuration)."),
        new("DP00800001024", OutcomeKind.Declined, "Transaction timed out: the payer did not respond."),
        new("DP00800001025", OutcomeKind.NotProcessed, "Transaction not found."),
        new("DP00800001026", OutcomeKind.NotProcessed, "Signature mismatch: the request was refused."),
        new("DP00800001029", OutcomeKind.Declined, "Transaction expired: the payer did not act."),
    }.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, AirtelMoneyCode> Result = new AirtelMoneyCode[]
    {
        new("ESB000010", OutcomeKind.Pending, "Request accepted (the response_code says what happened)."),
        new("ESB000001", OutcomeKind.Unknown, "Something went wrong: enquire."),
        new("ESB000004", OutcomeKind.Unknown, "An error occurred while initiating the payment: enquire."),
        new("ESB000014", OutcomeKind.Unknown, "An error occurred while fetching the transaction status: enquire."),
        new("ESB0000900", OutcomeKind.Unknown, "Ambiguous: enquire."),
        new("0000900", OutcomeKind.Unknown, "Ambiguous: enquire."),
        new("ESB000011", OutcomeKind.Declined, "Transaction failed."),
        new("ESB000033", OutcomeKind.NotProcessed, "Invalid MSISDN length."),
        new("ESB000034", OutcomeKind.NotProcessed, "Invalid country."),
        new("ESB000035", OutcomeKind.NotProcessed, "Invalid currency."),
        new("ESB000036", OutcomeKind.NotProcessed, "Invalid MSISDN (length or leading zero)."),
        new("ESB000037", OutcomeKind.NotProcessed, "Request validation failed."),
        new("ESB000038", OutcomeKind.NotProcessed, "Request validation failed."),
        new("ESB000039", OutcomeKind.NotProcessed, "The merchant is not configured for this country."),
        new(IdAlreadyExists, OutcomeKind.Unknown, "Transaction id already exists: the first send reached Airtel; enquire (re-sending cannot charge twice)."),
        new("ESB000045", OutcomeKind.NotProcessed, "No transaction found with this id."),
    }.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, AirtelMoneyCode> Enquiry = new AirtelMoneyCode[]
    {
        new("TS", OutcomeKind.Succeeded, "Transaction successful."),
        new("TF", OutcomeKind.Declined, "Transaction failed."),
        new("TA", OutcomeKind.Unknown, "Transaction ambiguous: enquire again."),
        new("TIP", OutcomeKind.Pending, "Transaction in progress."),
        new("TE", OutcomeKind.Declined, "Transaction expired: the payer did not act."),
    }.ToFrozenDictionary(static c => c.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the <c>response_code</c> table (<c>DP008000010xx</c>).</summary>
    public static IReadOnlyCollection<AirtelMoneyCode> ResponseCodes => Response.Values;

    /// <summary>Gets the <c>result_code</c> table (<c>ESB...</c>).</summary>
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

    private static bool TryGet(FrozenDictionary<string, AirtelMoneyCode> table, string? code, [NotNullWhen(true)] out AirtelMoneyCode? row)
    {
        row = null;
        return !string.IsNullOrWhiteSpace(code) && table.TryGetValue(code.Trim(), out row);
    }
}
