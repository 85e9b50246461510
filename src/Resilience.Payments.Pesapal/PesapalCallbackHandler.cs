using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Pesapal.Internal;

namespace Resilience.Payments.Pesapal;

/// <summary>
/// Pesapal's IPN (instant payment notification), as POST with a JSON body
/// <c>{"OrderNotificationType":"IPNCHANGE","OrderTrackingId":"...","OrderMerchantReference":"..."}</c> or as GET with those query
/// parameters. The IPN carries neither a status nor a signature, so it is only a hint: the handler always asks
/// <c>GetTransactionStatus</c> and returns updates made from that answer alone (safety rule 4): the attempt is the merchant reference
/// Pesapal reports for the tracking id (<see cref="ProviderUpdate.AttemptVerified"/>), never the one the IPN names, and a success
/// carries the amount, currency and payer Pesapal reports, which the gateway checks (rule 8). Never throws for bad input.
/// </summary>
/// <remarks>
/// Replies with Pesapal's expected body <c>{"orderNotificationType":"IPNCHANGE","orderTrackingId":"...","orderMerchantReference":"...","status":200}</c>;
/// <c>"status":500</c> when the status query failed, so that Pesapal sends the IPN again (the reconciler asks as well).
/// An order that is still unpaid (INVALID) gives no update. An order REVERSED (a refund the merchant approved) also gives a
/// <see cref="RefundUpdate"/> found by the order tracking id (<see cref="PaymentCallbackResult.RefundUpdates"/>). A malformed IPN is <see cref="PaymentCallbackVerdict.Malformed"/> (HTTP 400).
/// </remarks>
internal sealed class PesapalCallbackHandler : IPaymentCallbackHandler
{
    /// <summary>The notification type of a status change.</summary>
    public const string ChangeNotificationType = "IPNCHANGE";

    private const int MaxFieldLength = 100;

    private readonly PesapalPaymentProvider _provider;
    private readonly ILogger _logger;
    private readonly IPaymentStore? _store;
    private readonly ConfirmationCoalescer<(ProviderOutcome Outcome, string? MerchantReference)> _confirmations;

    /// <summary>Creates the handler.</summary>
    /// <param name="provider">The adapter whose status query confirms every IPN.</param>
    /// <param name="logger">Logging; none when <see langword="null"/>.</param>
    /// <param name="store">
    /// The payment store: when given (dependency injection gives it), an IPN is confirmed by a status query only when a payment holds
    /// its order tracking id, so IPNs naming made-up orders spend no query.
    /// </param>
    public PesapalCallbackHandler(PesapalPaymentProvider provider, ILogger<PesapalCallbackHandler>? logger = null, IPaymentStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _store = store;
        _provider = provider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        // A COMPLETED order can still be REVERSED (the same IPN announces both): only FAILED and REVERSED are kept as final.
        _confirmations = new(provider.Clock, static a => a.Outcome.Kind is OutcomeKind.Declined or OutcomeKind.NotProcessed);
    }

    /// <inheritdoc />
    public string Provider => _provider.Name;

    /// <inheritdoc />
    public async Task<PaymentCallbackResult> HandleAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        if (callback is null)
        {
            return PaymentCallbackResult.Malformed("no callback");
        }

        if (!TryRead(callback, out var ipn, out var error))
        {
            return PaymentCallbackResult.Malformed(error!);
        }

        if (!string.Equals(ipn.Type, ChangeNotificationType, StringComparison.OrdinalIgnoreCase))
        {
            // Another notification type (for example a recurring-payment notice): acknowledged, nothing to apply.
            return PaymentCallbackResult.Ignored($"notification type '{ipn.Type}' is not {ChangeNotificationType}", Reply(ipn, 200));
        }

        if (_store is not null && !await KnownAttempts.ContainAsync(_store, _provider.Name, attemptReference: null, ipn.TrackingId, cancellationToken).ConfigureAwait(false))
        {
            // No payment holds this order (its page is handed out only after its tracking id is stored): nothing to confirm.
            return PaymentCallbackResult.Accepted([], Reply(ipn, 200), [ipn.TrackingId]) with { Reason = "No payment holds this order tracking id: not confirmed, no status query spent." };
        }

        ProviderOutcome outcome;
        string? merchantReference;
        try
        {
            // A replay storm of one IPN costs one status query: concurrent ones share it, and its answer is reused a short while.
            var trackingId = ipn.TrackingId;
            (outcome, merchantReference) = await _confirmations.GetAsync(trackingId, () => _provider.QueryOrderAsync(trackingId, "ipn", CancellationToken.None), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a callback handler never throws: an unconfirmed IPN is answered with status 500 so Pesapal retries
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = ProviderOutcome.Unknown("the status query failed: " + ex.GetType().Name);
            merchantReference = null;
        }

        var references = new[] { ipn.TrackingId };
        if (outcome.Kind == OutcomeKind.Unknown)
        {
            PesapalLog.Ipn(_logger, ipn.TrackingId, "not confirmed", outcome.Kind, outcome.Code);
            return PaymentCallbackResult.Accepted([], Reply(ipn, 500), references) with { Reason = "the status query gave no answer; Pesapal will send the IPN again" };
        }

        if (merchantReference is not null && !string.Equals(merchantReference, ipn.MerchantReference, StringComparison.Ordinal))
        {
            PesapalLog.IpnReferenceMismatch(_logger, ipn.TrackingId, ipn.MerchantReference, merchantReference);
        }

        if (outcome.Kind is not (OutcomeKind.Succeeded or OutcomeKind.Declined))
        {
            PesapalLog.Ipn(_logger, ipn.TrackingId, "no final status yet", outcome.Kind, outcome.Code);
            return PaymentCallbackResult.Accepted([], Reply(ipn, 200), references) with { Reason = "Pesapal reports no final status yet" };
        }

        var update = new ProviderUpdate
        {
            Provider = _provider.Name,

            // From Pesapal's status answer, never from the unsigned IPN: an IPN naming a victim's merchant reference with another
            // real OrderTrackingId settles that other order's attempt (or nothing), never the victim's.
            AttemptReference = merchantReference,
            ProviderReference = ipn.TrackingId,
            Outcome = outcome,
            Source = OutcomeSource.StatusQuery,

            // The merchant reference is the key Pesapal keeps the order under ("unique at all times for every order request",
            // SubmitOrderRequest), read from Pesapal's own answer about this tracking id: proven. The amount check still applies.
            AttemptVerified = merchantReference is not null,
        };
        PesapalLog.Ipn(_logger, ipn.TrackingId, "confirmed", outcome.Kind, outcome.Code);
        var result = PaymentCallbackResult.Accepted([update], Reply(ipn, 200), references);
        if (outcome.Kind == OutcomeKind.Declined && string.Equals(outcome.Code, "REVERSED", StringComparison.Ordinal))
        {
            // The payment went back: the refund of this order (one per payment at Pesapal) was approved and effected. Found by the
            // order's tracking id; no amount, since the one Pesapal reports is the payment's, not the refund's (a card refund may be
            // partial): the gateway assumes the refund's own, and its reconciliation checks a full refund's amount.
            result = result with
            {
                RefundUpdates =
                [
                    new RefundUpdate
                    {
                        Provider = _provider.Name,
                        ChargeProviderReference = ipn.TrackingId,
                        Outcome = ProviderOutcome.Succeeded(null, ipn.TrackingId) with { Code = "REVERSED", Reason = "Pesapal reports the payment REVERSED" },
                        Source = OutcomeSource.StatusQuery,
                    },
                ],
            };
        }

        return result;
    }

    /// <summary>Reads an IPN from a POST JSON body or GET query. Never throws.</summary>
    internal static bool TryRead(PaymentCallback callback, out (string Type, string TrackingId, string MerchantReference) ipn, out string? error)
    {
        ipn = default;
        string? type, trackingId, merchantReference;
        if (string.Equals(callback.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            var query = callback.Query ?? new Dictionary<string, string>();
            type = Get(query, "OrderNotificationType");
            trackingId = Get(query, "OrderTrackingId");
            merchantReference = Get(query, "OrderMerchantReference");
        }
        else if (string.Equals(callback.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            if (!PesapalJson.TryParse(callback.Body.Span, out var document))
            {
                error = "the body is not JSON";
                return false;
            }

            using (document)
            {
                var root = document!.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    error = "the body is not a JSON object";
                    return false;
                }

                type = PesapalJson.Text(root, "OrderNotificationType");
                trackingId = PesapalJson.Text(root, "OrderTrackingId");
                merchantReference = PesapalJson.Text(root, "OrderMerchantReference");
            }
        }
        else
        {
            error = $"an IPN comes as POST or GET, not {Sanitize(callback.Method)}";
            return false;
        }

        if (!IsField(type) || !IsField(trackingId) || !IsField(merchantReference))
        {
            error = "the IPN needs OrderNotificationType, OrderTrackingId and OrderMerchantReference (1 to 100 printable characters each)";
            return false;
        }

        ipn = (type!, trackingId!, merchantReference!);
        error = null;
        return true;

        static string? Get(IReadOnlyDictionary<string, string> query, string name)
        {
            if (query.TryGetValue(name, out var value))
            {
                return value;
            }

            foreach (var pair in query)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }

    private static bool IsField(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxFieldLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Sanitize(string? method) =>
        method is { Length: > 0 and <= 10 } m && IsField(m) ? m : "that method";

    private static PaymentCallbackReply Reply((string Type, string TrackingId, string MerchantReference) ipn, int status)
    {
        var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("orderNotificationType", ipn.Type);
            writer.WriteString("orderTrackingId", ipn.TrackingId);
            writer.WriteString("orderMerchantReference", ipn.MerchantReference);
            writer.WriteNumber("status", status);
            writer.WriteEndObject();
        }

        return PaymentCallbackReply.Json(200, Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
