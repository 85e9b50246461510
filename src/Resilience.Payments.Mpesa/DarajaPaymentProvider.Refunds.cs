using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Mpesa.Internal;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// Refunds through Daraja's Reversal API (<c>POST /mpesa/reversal/v1/request</c>), asynchronous: the request's answer only accepts
/// (<see cref="OutcomeKind.Pending"/>, provider reference = OriginatorConversationID), the result comes to the ResultURL, or a queue
/// time-out to the QueueTimeOutURL (<see cref="DarajaCallbackHandler"/>). A reversal whose result is lost is settled by a Transaction
/// Status query (<c>POST /mpesa/transactionstatus/v1/query</c>, itself answered at the ResultURL). Both URLs carry the refund's
/// reference, the kind of notice and a token the adapter signs for them, so the handler finds the refund and trusts the body only
/// when the token verifies (safety rule 10). Source: https://developer.safaricom.co.ke/apis/Reversal ;
/// https://developer.safaricom.co.ke/apis/TransactionStatus.
/// </summary>
internal sealed partial class DarajaPaymentProvider : IRefundProvider
{
    /// <summary>The ResultURL query parameter that carries the refund's reference.</summary>
    public const string RefundQueryParameter = "refund";

    /// <summary>The ResultURL query parameter that tells which notice the URL receives (see <see cref="ReversalResultKind"/> and the others).</summary>
    public const string RefundKindQueryParameter = "kind";

    /// <summary>The reversal's ResultURL.</summary>
    public const string ReversalResultKind = "reversal";

    /// <summary>The reversal's QueueTimeOutURL.</summary>
    public const string ReversalTimeoutKind = "reversal-timeout";

    /// <summary>The Transaction Status query's ResultURL.</summary>
    public const string StatusResultKind = "status";

    /// <summary>The Transaction Status query's QueueTimeOutURL.</summary>
    public const string StatusTimeoutKind = "status-timeout";

    private const string ReversalOperation = "reversal";
    private const string RefundTokenPurpose = "daraja-refund:";
    private const int MaxRemarksLength = 100;

    private static readonly RefundCapabilities ReversalCapabilities = new()
    {
        Partial = false,
        OnePerCharge = true,
        Asynchronous = true,
        WholeUnitsOnly = true,
    };

    private readonly DarajaSecurityCredential? _credential;

    /// <inheritdoc />
    /// <remarks>Full reversals only, one per charge, asynchronous, whole shillings; <see cref="RefundCapabilities.None"/> when no initiator is configured.</remarks>
    public RefundCapabilities RefundCapabilities => _credential is null ? RefundCapabilities.None : ReversalCapabilities;

    /// <inheritdoc />
    public async Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var invalid = WhyCannotReverse(request);
        if (invalid is not null)
        {
            DarajaLog.ReversalNotSent(_logger, request.RefundReference, invalid);
            return ProviderOutcome.NotProcessed(invalid);
        }

        var amount = decimal.ToInt64(request.Amount.Amount).ToString(CultureInfo.InvariantCulture);
        var remarks = Remarks(request.RefundReference);
        var outcome = await SendWithTokenAsync(
            ReversalOperation,
            "mpesa/reversal/v1/request",
            _ => new JsonObject
            {
                ["Initiator"] = _options.Reversal.InitiatorName,
                ["SecurityCredential"] = _credential!.Create(),
                ["CommandID"] = "TransactionReversal",
                ["TransactionID"] = request.ChargeReceipt!.Trim(),
                ["Amount"] = amount,
                [nameof(ReceiverParty)] = ReceiverParty, // the short code that received the payment
                ["RecieverIdentifierType"] = "11", // sic: Daraja's spelling; 11 for a reversal
                ["ResultURL"] = RefundUrl(ResultUrl, ReversalResultKind, request.RefundReference),
                ["QueueTimeOutURL"] = RefundUrl(QueueTimeOutUrl, ReversalTimeoutKind, request.RefundReference),
                ["Remarks"] = remarks,
                ["Occasion"] = remarks,
            },
            DarajaReversalAnswers.MapReversal,
            tokenFailed: static reason => ProviderOutcome.NotProcessed($"No M-Pesa access token, reversal not sent: {reason}"),
            connectFailed: static reason => ProviderOutcome.NotProcessed($"Could not connect to M-Pesa, reversal not sent: {reason}"),
            afterSend: static reason => ProviderOutcome.Unknown($"The reversal may have reached M-Pesa but no answer came: {reason}"),
            cancellationToken).ConfigureAwait(false);
        DarajaLog.Reversal(_logger, request.RefundReference, amount, outcome.Kind, outcome.Code, outcome.ProviderReference);
        return outcome;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Sends a Transaction Status query by the reversal's OriginatorConversationID (<c>OriginalConversationID</c>); it moves no
    /// money. Its synchronous answer proves nothing: <see cref="OutcomeKind.Pending"/> when accepted (the result comes to the
    /// ResultURL), <see cref="OutcomeKind.Unknown"/> otherwise. A reversal that got no answer has no OriginatorConversationID: it is
    /// settled only by its own result, else by a person.
    /// </remarks>
    public async Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_credential is null)
        {
            return ProviderOutcome.Unknown("M-Pesa refunds are not configured (DarajaOptions.Reversal.InitiatorName): no Transaction Status query.");
        }

        if (string.IsNullOrWhiteSpace(request.ProviderReference))
        {
            return ProviderOutcome.Unknown("The reversal got no OriginatorConversationID, so no Transaction Status query is possible: waiting for its result at the ResultURL.");
        }

        var reference = request.ProviderReference.Trim();
        var remarks = Remarks(request.RefundReference);
        var outcome = await SendWithTokenAsync(
            "transaction status",
            "mpesa/transactionstatus/v1/query",
            _ => new JsonObject
            {
                ["Initiator"] = _options.Reversal.InitiatorName,
                ["SecurityCredential"] = _credential.Create(),
                ["CommandID"] = "TransactionStatusQuery",
                ["OriginalConversationID"] = reference,
                ["PartyA"] = ReceiverParty,
                ["IdentifierType"] = "4", // organisation short code
                ["ResultURL"] = RefundUrl(ResultUrl, StatusResultKind, request.RefundReference),
                ["QueueTimeOutURL"] = RefundUrl(QueueTimeOutUrl, StatusTimeoutKind, request.RefundReference),
                ["Remarks"] = remarks,
                ["Occasion"] = remarks,
            },
            (status, body) => DarajaReversalAnswers.MapStatusQuery(status, body, reference),
            tokenFailed: reason => ProviderOutcome.Unknown($"No M-Pesa access token for the Transaction Status query: {reason}", null, reference),
            connectFailed: reason => ProviderOutcome.Unknown($"Could not connect to M-Pesa for the Transaction Status query: {reason}", null, reference),
            afterSend: reason => ProviderOutcome.Unknown($"The Transaction Status query got no answer: {reason}", null, reference),
            cancellationToken).ConfigureAwait(false);
        DarajaLog.RefundStatusQuery(_logger, request.RefundReference, outcome.Kind, outcome.Code);
        return outcome;
    }

    /// <summary>Returns whether <paramref name="token"/> is the token this adapter signed for a refund notice of <paramref name="kind"/>. Constant time.</summary>
    /// <param name="kind">The notice kind (<see cref="ReversalResultKind"/> and the others).</param>
    /// <param name="refundReference">The refund's reference.</param>
    /// <param name="token">The token from the URL.</param>
    /// <returns><see langword="true"/> when genuine.</returns>
    internal bool IsGenuineRefundNotice(string kind, string refundReference, string? token) =>
        _signer is not null && _signer.Verify(RefundTokenPurpose + kind, refundReference, token);

    private static DarajaSecurityCredential? LoadCredential(DarajaOptions options) =>
        options.Reversal.IsConfigured
            ? DarajaSecurityCredential.TryLoad(options.Reversal, out var error) ?? throw new Microsoft.Extensions.Options.OptionsValidationException(options.Name, typeof(DarajaOptions), [error!])
            : null;

    private static string Remarks(string refundReference)
    {
        var text = refundReference.Length > MaxRemarksLength ? refundReference[..MaxRemarksLength] : refundReference;
        return text.Length >= 2 ? text : "Refund " + text; // Daraja wants 2 to 100 characters
    }

    private Uri ResultUrl => _options.Reversal.ResultUrl ?? _options.CallbackUrl!;

    private Uri QueueTimeOutUrl => _options.Reversal.QueueTimeOutUrl ?? ResultUrl;

    private string ReceiverParty => string.IsNullOrWhiteSpace(_options.Reversal.ReceiverParty) ? _options.BusinessShortCode : _options.Reversal.ReceiverParty;

    private string? WhyCannotReverse(ProviderRefundRequest request)
    {
        if (_credential is null)
        {
            return "M-Pesa refunds are not configured (DarajaOptions.Reversal.InitiatorName): reversal not sent.";
        }

        if (string.IsNullOrWhiteSpace(request.ChargeReceipt))
        {
            return "The charge has no M-Pesa receipt (MpesaReceiptNumber), which the Reversal API needs as TransactionID: reversal not sent.";
        }

        if (!request.IsFull)
        {
            return "Amount: M-Pesa reverses whole transactions only (the Reversal API takes the charge's full amount).";
        }

        return DarajaOutcomes.WhyCannotSendAmount(request.Amount);
    }

    private string RefundUrl(Uri baseUrl, string kind, string refundReference)
    {
        var url = baseUrl.AbsoluteUri;
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return string.Concat(
            url,
            separator,
            RefundQueryParameter,
            "=",
            Uri.EscapeDataString(refundReference),
            "&",
            RefundKindQueryParameter,
            "=",
            kind,
            "&",
            AttemptTokenQueryParameter,
            "=",
            _signer!.Sign(RefundTokenPurpose + kind, refundReference));
    }
}
