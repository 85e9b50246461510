using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Resilience.Payments.Json;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>
/// Daraja's answers about reversals mapped to outcome classes: the synchronous answer of the reversal request and of the Transaction
/// Status query, and the results posted to the ResultURL (see <see cref="DarajaReversalCodes"/> for the codes and their sources).
/// </summary>
internal static class DarajaReversalAnswers
{
    /// <summary>The TransactionStatus a Transaction Status result reports for a completed transaction.</summary>
    public const string CompletedStatus = "Completed";

    /// <summary>
    /// Maps the synchronous answer of <c>POST /mpesa/reversal/v1/request</c>: accepted (<c>ResponseCode</c> 0) is
    /// <see cref="OutcomeKind.Pending"/> with the OriginatorConversationID (else the ConversationID) as provider reference, the result
    /// following at the ResultURL; a documented refusal is <see cref="OutcomeKind.NotProcessed"/>; anything else
    /// <see cref="OutcomeKind.Unknown"/>. Source: https://developer.safaricom.co.ke/apis/Reversal.
    /// </summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body, when JSON.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome MapReversal(HttpStatusCode status, JsonElement? body)
    {
        var root = body ?? default;
        var errorCode = ProviderJson.Code(root, "errorCode");
        if (errorCode is not null)
        {
            var message = ProviderJson.Text(root, "errorMessage");
            return DarajaReversalCodes.ClassifyError((int)status, errorCode) == OutcomeKind.NotProcessed
                ? ProviderOutcome.NotProcessed($"M-Pesa refused the reversal ({errorCode}): {message}", errorCode)
                : ProviderOutcome.Unknown($"M-Pesa answered the reversal with HTTP {(int)status}, {errorCode}: {message}; it may have been processed.", errorCode);
        }

        var reference = Reference(root);
        var responseCode = ProviderJson.Code(root, "ResponseCode");
        if (status == HttpStatusCode.OK && responseCode == "0" && reference is not null)
        {
            return ProviderOutcome.Pending(reference, ProviderJson.Text(root, "ResponseDescription") ?? "Reversal accepted; its result comes to the ResultURL.");
        }

        return ProviderOutcome.Unknown(
            $"Unexpected reversal answer: HTTP {(int)status}{(body is null ? " without a Daraja body" : string.Empty)}{(responseCode is null ? string.Empty : $", ResponseCode {responseCode}")}.",
            responseCode,
            reference);
    }

    /// <summary>
    /// Maps the synchronous answer of a Transaction Status query about a reversal: it never proves anything about the reversal (the
    /// result comes to the ResultURL), so accepted is <see cref="OutcomeKind.Pending"/> and the rest <see cref="OutcomeKind.Unknown"/>.
    /// </summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body, when JSON.</param>
    /// <param name="reversalReference">The reversal's OriginatorConversationID.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome MapStatusQuery(HttpStatusCode status, JsonElement? body, string reversalReference)
    {
        var root = body ?? default;
        var errorCode = ProviderJson.Code(root, "errorCode");
        if (status == HttpStatusCode.OK && errorCode is null && ProviderJson.Code(root, "ResponseCode") == "0")
        {
            return ProviderOutcome.Pending(reversalReference, "Transaction Status query accepted: its result comes to the ResultURL.");
        }

        return ProviderOutcome.Unknown(
            $"Transaction Status query not accepted: HTTP {(int)status}{(errorCode is null ? string.Empty : $", {errorCode} {ProviderJson.Text(root, "errorMessage")}")}.",
            errorCode,
            reversalReference);
    }

    /// <summary>
    /// Maps a reversal's result (posted to the ResultURL): the code per <see cref="DarajaReversalCodes"/>, and on a success the
    /// amount (<c>Amount</c>), the reversal's receipt (<c>TransactionID</c>) and its time (<c>TransCompletedTime</c>, Nairobi time).
    /// </summary>
    /// <param name="result">The parsed result.</param>
    /// <returns>The outcome.</returns>
    public static ProviderOutcome MapReversalResult(DarajaResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = DarajaReversalCodes.ToOutcome(result.ResultCode, result.ResultDesc, result.OriginatorConversationId, result.TransactionId);
        return outcome.Kind == OutcomeKind.Succeeded
            ? outcome with { Amount = Amount(result), OccurredAt = Time(result, "TransCompletedTime") }
            : outcome;
    }

    /// <summary>
    /// Maps a Transaction Status result about a reversal: <c>ResultCode</c> 0 with <c>TransactionStatus</c> <c>Completed</c> is
    /// <see cref="OutcomeKind.Succeeded"/> (the reversal completed: amount from <c>Amount</c>, receipt from <c>ReceiptNo</c>); anything
    /// else proves nothing (<see langword="null"/>): Safaricom documents no "no such transaction" answer, so a reversal is never
    /// concluded unprocessed from a status result. Source: https://developer.safaricom.co.ke/apis/TransactionStatus.
    /// </summary>
    /// <param name="result">The parsed result.</param>
    /// <param name="reversalReference">The reversal's OriginatorConversationID, when the result names it.</param>
    /// <returns>The outcome, or <see langword="null"/>.</returns>
    public static ProviderOutcome? MapStatusResult(DarajaResult result, out string? reversalReference)
    {
        ArgumentNullException.ThrowIfNull(result);
        reversalReference = result.Parameters.GetValueOrDefault("OriginatorConversationID");
        if (result.ResultCode != "0"
            || !string.Equals(result.Parameters.GetValueOrDefault("TransactionStatus")?.Trim(), CompletedStatus, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return ProviderOutcome.Succeeded(result.Parameters.GetValueOrDefault("ReceiptNo"), reversalReference) with
        {
            Code = result.ResultCode,
            Reason = "Transaction Status: the reversal is Completed.",
            Amount = Amount(result),
            OccurredAt = Time(result, "FinalisedTime"),
        };
    }

    private static string? Reference(JsonElement root)
    {
        var originator = ProviderJson.Text(root, "OriginatorConversationID");
        if (!string.IsNullOrWhiteSpace(originator))
        {
            return originator.Trim();
        }

        var conversation = ProviderJson.Text(root, "ConversationID");
        return string.IsNullOrWhiteSpace(conversation) ? null : conversation.Trim();
    }

    private static Money? Amount(DarajaResult result) =>
        result.Parameters.GetValueOrDefault("Amount") is { } text
        && decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
        && amount is >= 0 and <= 1_000_000_000m
            ? Money.Kes(amount)
            : null;

    private static DateTimeOffset? Time(DarajaResult result, string key) =>
        DarajaTimestamp.TryParseLocal(result.Parameters.GetValueOrDefault(key), out var at) ? at : null;
}
