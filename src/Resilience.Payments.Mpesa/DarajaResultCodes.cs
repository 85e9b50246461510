using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// The Lipa na M-Pesa Online result codes (callback <c>ResultCode</c>, STK query <c>ResultCode</c>) and the outcome class each
/// maps to. One table, used by both <see cref="DarajaPaymentProvider.QueryStatusAsync"/> and <see cref="DarajaCallbackParser"/>.
/// A code not in the table maps to <see cref="OutcomeKind.Unknown"/>, the safe reading.
/// </summary>
public static class DarajaResultCodes
{
    private static readonly FrozenDictionary<string, DarajaResultCode> Table = new DarajaResultCode[]
    {
        new("0", OutcomeKind.Succeeded, "The service request is processed successfully."),
        new("1", OutcomeKind.Declined, "Insufficient balance."),
        new("2", OutcomeKind.Declined, "Amount below the minimum (KES 1)."),
        new("3", OutcomeKind.Declined, "Amount above the maximum per transaction."),
        new("4", OutcomeKind.Declined, "The payment would exceed the daily limit."),
        new("8", OutcomeKind.Declined, "The payment would exceed the till or pay bill balance limit."),
        new("17", OutcomeKind.Declined, "Rule limited: same amount from the same customer within 2 minutes."),
        new("1019", OutcomeKind.Declined, "Transaction expired: the payer did not act."),
        new("1025", OutcomeKind.NotProcessed, "Error sending the push request (prompt too long)."),
        new("1032", OutcomeKind.Declined, "Request cancelled by the user."),
        new("1037", OutcomeKind.Declined, "Customer unreachable (phone off or prompt timed out)."),
        new("1001", OutcomeKind.NotProcessed, "Unable to lock subscriber: another prompt is in progress; an earlier prompt may still be live."),
        new("2001", OutcomeKind.Declined, "Wrong PIN."),
        new("2028", OutcomeKind.NotProcessed, "Not permitted by product assignment (configuration)."),
        new("8006", OutcomeKind.Declined, "Security credential locked."),
    }.ToFrozenDictionary(static r => r.Code, StringComparer.Ordinal);

    /// <summary>Gets every known result code.</summary>
    public static IReadOnlyCollection<DarajaResultCode> All => Table.Values;

    /// <summary>Looks up a result code.</summary>
    /// <param name="code">The code, as Daraja writes it.</param>
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
            _ => ProviderOutcome.Unknown(reason, row.Code, checkoutRequestId),
        };
    }
}
