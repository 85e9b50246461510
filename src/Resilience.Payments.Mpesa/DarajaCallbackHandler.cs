using System;
using System.Threading;
using System.Threading.Tasks;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// The <see cref="IPaymentCallbackHandler"/> of Daraja's Lipa na M-Pesa Online <c>stkCallback</c>: parses the body with
/// <see cref="DarajaCallbackParser"/> and, because Daraja callbacks are unsigned, confirms it by an STK query
/// (<see cref="DarajaPaymentProvider.ConfirmAsync"/>) before anything is applied (safety rule 4).
/// </summary>
/// <remarks>
/// <para>
/// A valid callback is always answered <c>200</c> with <c>{"ResultCode":0,"ResultDesc":"Accepted"}</c>, the reply Daraja
/// expects, whether or not the STK query confirmed it: the result carries only the confirmed update (the query's answer
/// when it differs from the body), or none when the query gives no final answer yet, in which case the reconciler settles
/// the payment later. A body that is not an <c>stkCallback</c> is <see cref="PaymentCallbackVerdict.Malformed"/> (HTTP 400)
/// and causes no STK query.
/// </para>
/// <para>
/// The attempt named by the CallBackURL's <see cref="DarajaPaymentProvider.AttemptQueryParameter"/> is used only when the
/// URL's <see cref="DarajaPaymentProvider.AttemptTokenQueryParameter"/> is the token the adapter signed for it (HMAC under
/// <see cref="DarajaOptions.CallbackSigningKeys"/>, checked in constant time): the update then names the attempt with
/// <see cref="ProviderUpdate.AttemptVerified"/> set, so that the callback of a push whose reply was lost (its CheckoutRequestID
/// never reached the gateway) settles its attempt, and a success reports the amount, payer and time of the callback's metadata,
/// which the gateway checks against the attempt (safety rule 8). Without a valid token the parameter is ignored (safety rule 10):
/// the update is found only by a CheckoutRequestID an attempt already holds from its own STK push, and then the STK query
/// decides and the push's own amount stands (the body's claims are not used, so a forged body can neither bind another
/// transaction to an attempt nor mark a genuine payment as mismatched).
/// </para>
/// <para>
/// Refund notices (a reversal's result or queue time-out, a Transaction Status result) come to URLs that carry
/// <see cref="DarajaPaymentProvider.RefundQueryParameter"/>: they are verified by their signed token and answered with
/// <see cref="PaymentCallbackResult.RefundUpdates"/> (see <see cref="Internal.DarajaRefundNotices"/>).
/// </para>
/// </remarks>
internal sealed class DarajaCallbackHandler : IPaymentCallbackHandler
{
    /// <summary>The body of the reply Daraja expects to a callback.</summary>
    public const string AcceptedReplyBody = """{"ResultCode":0,"ResultDesc":"Accepted"}""";

    private const int MaxAttemptLength = 256;

    private static readonly PaymentCallbackReply AcceptedReply = PaymentCallbackReply.Json(200, AcceptedReplyBody);

    private readonly DarajaCallbackParser _parser;
    private readonly DarajaPaymentProvider _provider;
    private readonly IPaymentStore? _store;

    /// <summary>Creates the handler.</summary>
    /// <param name="parser">Parses the callback body.</param>
    /// <param name="provider">The Daraja adapter whose STK query confirms callbacks; its <see cref="DarajaPaymentProvider.Name"/> is the handler's <see cref="Provider"/>.</param>
    /// <param name="store">
    /// The payment store: when given (dependency injection gives it), a callback is confirmed by an STK query only when its token
    /// verified or a payment holds its CheckoutRequestID, so callbacks naming made-up transactions spend no query.
    /// </param>
    public DarajaCallbackHandler(DarajaCallbackParser parser, DarajaPaymentProvider provider, IPaymentStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(provider);
        _store = store;
        _parser = parser;
        _provider = provider;
    }

    /// <inheritdoc />
    public string Provider => _provider.Name;

    /// <inheritdoc />
    public async Task<PaymentCallbackResult> HandleAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (callback.Query.TryGetValue(DarajaPaymentProvider.RefundQueryParameter, out var refund) && refund is { Length: > 0 })
        {
            // A reversal's result or queue time-out, or a Transaction Status result: its URL carries the refund and a signed token.
            return Internal.DarajaRefundNotices.Handle(_provider, callback, refund, AcceptedReply);
        }

        if (!_parser.TryParse(callback.Body.Span, out var parsed, out var error) || parsed is null)
        {
            return PaymentCallbackResult.Malformed(error ?? "The body is not an stkCallback.");
        }

        // The CallBackURL names the attempt (DarajaOptions.CallbackUrlIncludesAttempt) with a token the adapter signed for it: only a
        // genuine token lets the attempt find a push whose reply was lost (safety rule 10). A forged or altered URL is ignored.
        string? ignored = null;
        if (callback.Query.TryGetValue(DarajaPaymentProvider.AttemptQueryParameter, out var attempt) && attempt is { Length: > 0 })
        {
            callback.Query.TryGetValue(DarajaPaymentProvider.AttemptTokenQueryParameter, out var token);
            if (attempt.Length <= MaxAttemptLength && _provider.IsGenuineAttempt(attempt, token))
            {
                parsed = parsed with { AttemptReference = attempt, AttemptVerified = true };
            }
            else
            {
                ignored = "The CallBackURL's attempt was ignored: its token is missing or does not verify.";
            }
        }

        string[] references = parsed.ProviderReference is { } checkoutRequestId ? [checkoutRequestId] : [];
        if (_store is not null && !parsed.AttemptVerified
            && !await KnownAttempts.ContainAsync(_store, _provider.Name, attemptReference: null, parsed.ProviderReference, cancellationToken).ConfigureAwait(false))
        {
            // No payment holds this CheckoutRequestID (yet): no STK query is spent on it. A genuine one whose push answer is still
            // being recorded is settled by the reconciler's own STK query.
            return new PaymentCallbackResult
            {
                Verdict = PaymentCallbackVerdict.Accepted,
                Reply = AcceptedReply,
                References = references,
                Reason = ignored ?? "No payment holds this CheckoutRequestID: not confirmed, no STK query spent.",
            };
        }

        var confirmed = await _provider.ConfirmAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (confirmed is null)
        {
            return new PaymentCallbackResult
            {
                Verdict = PaymentCallbackVerdict.Accepted,
                Reply = AcceptedReply,
                References = references,
                Reason = ignored ?? "The STK query gave no final answer yet; the reconciler will settle the payment.",
            };
        }

        return PaymentCallbackResult.Accepted([confirmed], AcceptedReply, references) with { Reason = ignored };
    }
}
