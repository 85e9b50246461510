using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Resilience.Payments.AirtelMoney.Internal;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Json;

namespace Resilience.Payments.AirtelMoney;

/// <summary>
/// Reads Airtel Money callbacks, <c>{"transaction":{"id","message","status_code","airtel_money_id"}}</c> (v1) and the same body with
/// a <c>hash</c> (callback authentication), and confirms each by an enquiry (<c>GET /standard/v1/payments/{id}</c>) before
/// returning any update: the body only says which transaction to ask about (safety rule 4). Never throws for bad input.
/// </summary>
/// <remarks>
/// <para>
/// The update's outcome is the enquiry's, never the body's: its status, its receipt (<c>airtel_money_id</c>) and, when the
/// enquiry reports them, its amount and payer. Nothing the body carries binds to a payment: a forged callback naming a victim's
/// transaction id with another <c>airtel_money_id</c> or status changes only what Airtel's own enquiry about that id says.
/// The optional <c>hash</c> is not checked (Airtel does not document the exact bytes it signs) and grants nothing.
/// </para>
/// <para>
/// Only a final answer (<see cref="OutcomeKind.Succeeded"/> or <see cref="OutcomeKind.Declined"/>) is returned, with
/// <see cref="ProviderUpdate.AttemptVerified"/> set: the attempt reference is the key Airtel keeps the transaction under
/// (<c>transaction.id</c>), and the outcome is Airtel's answer about that key. An enquiry that says in progress, ambiguous, not
/// found, that names another transaction or that fails gives an <see cref="PaymentCallbackVerdict.Accepted"/> result with no
/// updates, and the reconciler settles the payment.
/// </para>
/// <para>
/// A callback whose id is a refund's reference (the store knows it: <see cref="IRefundStore.FindByRefundReferenceAsync"/>) is
/// confirmed by the refund's enquiry the same way and returned in <see cref="PaymentCallbackResult.RefundUpdates"/>.
/// </para>
/// </remarks>
internal sealed class AirtelMoneyCallbackHandler : IPaymentCallbackHandler
{
    private const int MaxIdLength = 128;

    private readonly AirtelMoneyPaymentProvider _provider;
    private readonly ILogger _logger;
    private readonly IPaymentStore? _store;
    private readonly ConfirmationCoalescer<ProviderOutcome> _confirmations;
    private readonly ConfirmationCoalescer<ProviderOutcome> _refundConfirmations;

    /// <summary>Creates the handler over the adapter that enquires.</summary>
    /// <param name="provider">The Airtel Money adapter (shared with the gateway, so its token cache is too).</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <param name="store">
    /// The payment store: when given (dependency injection gives it), a callback is confirmed by an enquiry only when a payment has an
    /// attempt with its transaction id, so callbacks naming made-up transactions spend no enquiry.
    /// </param>
    public AirtelMoneyCallbackHandler(AirtelMoneyPaymentProvider provider, ILogger<AirtelMoneyCallbackHandler>? logger = null, IPaymentStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _store = store;
        _provider = provider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        // "Not found" (NotProcessed) is no final answer before the settle window: only a success or a decline is kept long.
        _confirmations = new ConfirmationCoalescer<ProviderOutcome>(provider.Clock, static o => o.Kind is OutcomeKind.Succeeded or OutcomeKind.Declined);
        _refundConfirmations = new ConfirmationCoalescer<ProviderOutcome>(provider.Clock, static o => o.Kind is OutcomeKind.Succeeded or OutcomeKind.Declined);
    }

    /// <inheritdoc />
    public string Provider => _provider.Name;

    /// <inheritdoc />
    public async Task<PaymentCallbackResult> HandleAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        if (callback is null)
        {
            return Malformed("no callback");
        }

        if (!TryParse(callback.Body.Span, out var id, out var statusCode, out var airtelMoneyId, out var error))
        {
            return Malformed(error);
        }

        var references = airtelMoneyId is null || string.Equals(airtelMoneyId, id, StringComparison.Ordinal) ? new[] { id } : new[] { id, airtelMoneyId };
        if (_store is IRefundStore refunds && await refunds.FindByRefundReferenceAsync(_provider.Name, id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return await HandleRefundAsync(id, statusCode, references, cancellationToken).ConfigureAwait(false);
        }

        if (_store is not null && !await KnownAttempts.ContainAsync(_store, _provider.Name, id, providerReference: null, cancellationToken).ConfigureAwait(false))
        {
            return PaymentCallbackResult.Accepted([], references: references) with { Reason = "No payment has an attempt with this transaction id: not confirmed, no enquiry spent." };
        }

        var confirmed = await ConfirmAsync(_confirmations, id, () => _provider.EnquireAsync(id, CancellationToken.None), "the enquiry failed", cancellationToken).ConfigureAwait(false);

        if (confirmed.Kind is not (OutcomeKind.Succeeded or OutcomeKind.Declined))
        {
            AirtelLog.Callback(_logger, id, statusCode, confirmed.Kind, 0);
            return PaymentCallbackResult.Accepted([], references: references) with { Reason = $"Not confirmed yet: the enquiry says {confirmed.Kind}; reconciliation will settle it." };
        }

        var agrees = AirtelMoneyCodes.TryGetEnquiryStatus(statusCode, out var said) && said.Kind == confirmed.Kind;
        var update = new ProviderUpdate
        {
            Provider = _provider.Name,
            AttemptReference = id,
            ProviderReference = id,
            Outcome = confirmed, // the enquiry's answer: nothing from the unsigned body (not even its airtel_money_id)
            AttemptVerified = true, // Airtel's own answer about the key it keeps the transaction under (our id)
            Source = agrees ? OutcomeSource.Callback : OutcomeSource.StatusQuery,
        };
        AirtelLog.Callback(_logger, id, statusCode, confirmed.Kind, 1);
        return PaymentCallbackResult.Accepted([update], references: references);
    }

    /// <summary>
    /// Asks Airtel about <paramref name="id"/> once for a storm of callbacks (concurrent ones share the enquiry, its final answer is
    /// reused a short while); a failed enquiry is Unknown, leaving the payment or refund to the reconciler while the callback is
    /// still acknowledged.
    /// </summary>
    private static async Task<ProviderOutcome> ConfirmAsync(ConfirmationCoalescer<ProviderOutcome> cache, string id, Func<Task<ProviderOutcome>> enquire, string failed, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(id, enquire, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // see the summary
        catch (Exception)
#pragma warning restore CA1031
        {
            return ProviderOutcome.Unknown(failed);
        }
    }

    /// <summary>
    /// A callback about a refund (its id is a refund's reference, which the adapter sends as the refund's <c>transaction.id</c>):
    /// confirmed by the refund's enquiry, never by the body, and returned as a <see cref="RefundUpdate"/> when final.
    /// </summary>
    private async Task<PaymentCallbackResult> HandleRefundAsync(string id, string? statusCode, string[] references, CancellationToken cancellationToken)
    {
        var confirmed = await ConfirmAsync(_refundConfirmations, id, () => _provider.EnquireRefundAsync(id, CancellationToken.None), "the refund enquiry failed", cancellationToken).ConfigureAwait(false);

        if (confirmed.Kind is not (OutcomeKind.Succeeded or OutcomeKind.Declined))
        {
            AirtelLog.Callback(_logger, id, statusCode, confirmed.Kind, 0);
            return PaymentCallbackResult.Accepted([], references: references) with { Reason = $"Refund not confirmed yet: the enquiry says {confirmed.Kind}; reconciliation will settle it." };
        }

        var agrees = AirtelMoneyCodes.TryGetRefundStatus(statusCode, out var said) && said.Kind == confirmed.Kind;
        var update = new RefundUpdate
        {
            Provider = _provider.Name,
            RefundReference = id,
            ProviderReference = id,
            Outcome = confirmed, // the enquiry's answer about the refund's own id, nothing from the unsigned body
            Source = agrees ? OutcomeSource.Callback : OutcomeSource.StatusQuery,
        };
        AirtelLog.Callback(_logger, id, statusCode, confirmed.Kind, 1);
        return PaymentCallbackResult.Accepted([], references: references) with { RefundUpdates = [update] };
    }

    /// <summary>Parses a callback body (v1, or with a <c>hash</c>) with the adapter's one tolerant reader. Never throws.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> body, out string id, out string? statusCode, out string? airtelMoneyId, out string error)
    {
        id = string.Empty;
        statusCode = null;
        airtelMoneyId = null;
        using var document = AirtelJson.TryParse(body);
        if (document is null)
        {
            error = "The body is not a JSON object.";
            return false;
        }

        var transaction = ProviderJson.Child(document.RootElement, "transaction");
        if (transaction.ValueKind != JsonValueKind.Object)
        {
            error = "The body has no transaction object.";
            return false;
        }

        var text = AirtelJson.Text(transaction, "id");
        if (string.IsNullOrEmpty(text) || text.Length > MaxIdLength || !IsPrintableAscii(text))
        {
            error = "The transaction has no usable id.";
            return false;
        }

        id = text;
        statusCode = AirtelJson.Text(transaction, "status_code");
        if (statusCode is { Length: > 16 })
        {
            statusCode = null;
        }

        var moneyId = AirtelJson.Text(transaction, "airtel_money_id");
        airtelMoneyId = string.IsNullOrEmpty(moneyId) || moneyId.Length > MaxIdLength || !IsPrintableAscii(moneyId) ? null : moneyId;
        error = string.Empty;
        return true;
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private PaymentCallbackResult Malformed(string reason)
    {
        AirtelLog.CallbackRejected(_logger, reason);
        return PaymentCallbackResult.Malformed(reason);
    }
}
