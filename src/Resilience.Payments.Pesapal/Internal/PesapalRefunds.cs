using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Json;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>
/// Refunds through Pesapal API 3.0 for <see cref="PesapalPaymentProvider"/>: <c>POST /api/Transactions/RefundRequest</c> sent once,
/// confirmed by <c>GetTransactionStatus</c> of the refunded order (REVERSED). See <see cref="PesapalRefundOutcomes"/> for the sources.
/// </summary>
internal sealed class PesapalRefunds
{
    private const string RefundPath = "api/Transactions/RefundRequest";
    private const int MaxRemarksLength = 200;

    private readonly PesapalPaymentProvider _provider;
    private readonly string _username;
    private readonly ILogger _logger;

    public PesapalRefunds(PesapalPaymentProvider provider, string username, ILogger logger)
    {
        _provider = provider;
        _username = username;
        _logger = logger;
    }

    /// <summary>
    /// Sends the refund once. Not sent (<see cref="OutcomeKind.NotProcessed"/>): a charge without a confirmation code or an order
    /// tracking id, another currency, or a partial refund of a payment Pesapal reports as mobile money (refunded in full only).
    /// </summary>
    public async Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var trackingId = request.ChargeProviderReference;
        var why = string.IsNullOrWhiteSpace(trackingId) ? "has no order tracking id for this charge, to confirm the refund by"
            : string.IsNullOrWhiteSpace(request.ChargeReceipt) || string.Equals(request.ChargeReceipt, trackingId, StringComparison.Ordinal) ? "has no confirmation code for this charge, to refund it by"
            : !string.Equals(request.Amount.Currency, request.ChargedAmount.Currency, StringComparison.Ordinal) ? "refunds in the payment's currency only"
            : null;
        if (why is null && !request.IsFull)
        {
            // Mobile payments are refunded in full only; a checkout may have been paid by M-Pesa whatever the instrument: ask how.
            var method = await _provider.PaymentMethodAsync(trackingId!, request.Instrument.Masked, cancellationToken).ConfigureAwait(false);
            why = PesapalRefundOutcomes.IsMobileMoney(method) ? $"refunds mobile-money payments ({method}) in full only" : null;
        }

        if (why is not null)
        {
            PesapalLog.RefundNotSent(_logger, request.RefundReference, why);
            return ProviderOutcome.NotProcessed($"Refund not sent: Pesapal {why}.", "unsupported");
        }

        var body = new PesapalRefundRequest(request.ChargeReceipt!, request.Amount.Amount, _username, Remarks(request));
        var reply = await _provider.SendAsync(PesapalPaymentProvider.RefundOperation, HttpMethod.Post, RefundPath, () => JsonContent.Create(body, options: ProviderJson.WriteOptions), cancellationToken).ConfigureAwait(false);
        var outcome = reply.Failure switch
        {
            PesapalPaymentProvider.Failure.None => PesapalRefundOutcomes.FromRefund(reply.Status, reply.Answer),
            PesapalPaymentProvider.Failure.NoToken => ProviderOutcome.NotProcessed($"no Pesapal token, the refund was not sent: {reply.Detail}", "no_token"),
            PesapalPaymentProvider.Failure.NotSent => ProviderOutcome.NotProcessed("could not connect to Pesapal; the refund was not sent", "connection_failed"),
            _ => ProviderOutcome.Unknown($"Pesapal's RefundRequest got no answer ({reply.Detail}); the refund may have been received", reply.Detail, trackingId),
        };
        _provider.Report("refund", request.RefundReference, request.Instrument.Masked, reply, outcome);
        return outcome;
    }

    /// <summary>Asks <c>GetTransactionStatus</c> of the refunded order: REVERSED succeeded, COMPLETED pending, anything else unknown.</summary>
    public async Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.ChargeProviderReference))
        {
            return ProviderOutcome.Unknown("no Pesapal order tracking id for the refunded charge: the refund cannot be confirmed by a status query", "no_order");
        }

        var trackingId = request.ChargeProviderReference;
        var reply = await _provider.SendAsync("refund status", HttpMethod.Get, PesapalPaymentProvider.StatusPath + Uri.EscapeDataString(trackingId), null, cancellationToken).ConfigureAwait(false);
        var outcome = reply.Failure == PesapalPaymentProvider.Failure.None
            ? PesapalRefundOutcomes.FromStatus(reply.Status, reply.Answer, trackingId, request)
            : ProviderOutcome.Unknown($"Pesapal's GetTransactionStatus got no answer ({reply.Detail})", reply.Detail, trackingId);
        _provider.Report("refund status", request.RefundReference, request.Instrument.Masked, reply, outcome);
        return outcome;
    }

    private static string Remarks(ProviderRefundRequest request)
    {
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "Refund" : request.Reason.Trim();
        var remarks = $"{reason} [{request.RefundReference}]";
        return remarks.Length > MaxRemarksLength ? remarks[..MaxRemarksLength] : remarks;
    }
}
