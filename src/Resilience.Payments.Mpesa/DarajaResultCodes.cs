using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// The Lipa na M-Pesa Online result codes (callback <c>ResultCode</c>, STK query <c>ResultCode</c>) and the outcome class each
/// maps to, each with its source. One table, used by <see cref="DarajaPaymentProvider.QueryStatusAsync"/>,
/// <see cref="DarajaPaymentProvider.ConfirmAsync"/> and <see cref="DarajaCallbackParser"/>, whether Daraja writes the code as a
/// number or as a string. A code not in the table maps to <see cref="OutcomeKind.Unknown"/>, never to a final answer: the
/// reconciler keeps asking and, when the answer stays unknown, a person is flagged.
/// </summary>
internal static class DarajaResultCodes
{
    private const string Docs = DarajaErrorCodes.MpesaExpressDocs;

    private static readonly FrozenDictionary<string, DarajaResultCode> Table = new DarajaResultCode[]
    {
        new("0", OutcomeKind.Succeeded, "The service request is processed successfully.", Docs),
        new("1", OutcomeKind.Declined, "The balance is insufficient for the transaction.", Docs),
        new("2", OutcomeKind.Declined, "Declined due to limit rule: less than the minimum transaction amount (KES 1).", Docs),
        new("3", OutcomeKind.Declined, "Declined due to limit rule: greater than the maximum transaction amount.", Docs),
        new("4", OutcomeKind.Declined, "Declined due to limit rule: would exceed the daily transfer limit.", Docs),
        new("8", OutcomeKind.Declined, "Declined due to limit rule: would exceed the till or pay bill's maximum balance.", Docs),

        // Declined, not NotProcessed: it means a push for the same amount to the same payer went out within 2 minutes, which may be
        // this payment's own earlier prompt; failing over could charge the payer twice.
        new("17", OutcomeKind.Declined, "Rule limited: same amount to the same customer within 2 minutes.", Docs),
        new("1019", OutcomeKind.Declined, "Transaction has expired: the payer did not act in time.", Docs),
        new("1025", OutcomeKind.NotProcessed, "An error occurred while sending the push request (prompt too long): no prompt reached the payer.", Docs),
        new("1032", OutcomeKind.Declined, "Request cancelled by the user.", Docs),
        new("1037", OutcomeKind.Declined, "DS timeout: the payer's phone could not be reached with the prompt.", Docs),
        new("2001", OutcomeKind.Declined, "The initiator information is invalid: wrong M-Pesa PIN.", Docs),
        new("2028", OutcomeKind.NotProcessed, "The request is not permitted according to product assignment (TransactionType or PartyB wrong).", Docs),
        new("8006", OutcomeKind.Declined, "The security credential is locked.", Docs),
        new("SFC_IC0003", OutcomeKind.NotProcessed, "The operator does not exist (TransactionType or PartyB wrong). Sent as a string, also in callbacks.", Docs + " ; https://github.com/SmoDav/mpesa/issues/50"),

        // Not on Safaricom's result-code table: the same condition as its documented synchronous 500.001.1001 "Unable to lock
        // subscriber" (no prompt sent for this request); listed as a result code by integrators.
        new("1001", OutcomeKind.NotProcessed, "Unable to lock subscriber: another transaction is in process for the payer; this prompt was not sent.", Docs + " (500.001.1001) ; https://paylod.dev/docs/errors ; https://www.kenzobe.com/blog/mpesa-daraja-api-errors"),

        // Seen in real STK query answers: the prompt is still open. Pending, so the reconciler keeps asking.
        new("4999", OutcomeKind.Pending, "The transaction is still under processing.", "Observed in production STK query answers (issue 11)"),

        // Listed by integrators, undocumented by Safaricom: what happened to the money is not known, so they are not final.
        new("9999", OutcomeKind.Unknown, "Error sending the push request (undocumented by Safaricom).", "https://paylod.dev/docs/errors"),
        new("26", OutcomeKind.Unknown, "System busy (undocumented by Safaricom for M-Pesa Express).", "https://www.kenzobe.com/blog/mpesa-daraja-api-errors"),
    }.ToFrozenDictionary(static r => r.Code, StringComparer.Ordinal);

    /// <summary>Gets every known result code.</summary>
    public static IReadOnlyCollection<DarajaResultCode> All => Table.Values;

    /// <summary>Looks up a result code.</summary>
    /// <param name="code">The code, as Daraja writes it (surrounding spaces ignored).</param>
    /// <param name="result">The row, when known.</param>
    /// <returns><see langword="true"/> when the code is in the table.</returns>
    public static bool TryGet(string? code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DarajaResultCode? result)
    {
        result = null;
        return code is not null && Table.TryGetValue(code.Trim(), out result);
    }

    /// <summary>Maps a result code to a provider outcome.</summary>
    /// <param name="code">The result code.</param>
    /// <param name="description">Daraja's ResultDesc, preferred as the reason when present.</param>
    /// <param name="checkoutRequestId">The CheckoutRequestID the result is about.</param>
    /// <param name="receipt">The MpesaReceiptNumber, for a success.</param>
    /// <returns>The outcome: <see cref="OutcomeKind.Unknown"/> for a code not in the table.</returns>
    public static ProviderOutcome ToOutcome(string? code, string? description, string? checkoutRequestId, string? receipt = null)
    {
        if (!TryGet(code, out var row))
        {
            return ProviderOutcome.Unknown($"Unexpected M-Pesa result code '{code}': {description}", code, checkoutRequestId);
        }

        var reason = string.IsNullOrWhiteSpace(description) ? row.Meaning : description;
        return row.Kind switch
        {
            OutcomeKind.Succeeded => ProviderOutcome.Succeeded(receipt, checkoutRequestId) with { Code = row.Code, Reason = reason },
            OutcomeKind.Declined => ProviderOutcome.Declined(row.Code, reason, checkoutRequestId),
            OutcomeKind.NotProcessed => ProviderOutcome.NotProcessed(reason, row.Code) with { ProviderReference = checkoutRequestId },
            OutcomeKind.Pending => ProviderOutcome.Pending(checkoutRequestId, reason) with { Code = row.Code },
            _ => ProviderOutcome.Unknown(reason, row.Code, checkoutRequestId),
        };
    }
}
