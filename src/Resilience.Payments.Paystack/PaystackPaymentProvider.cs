using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Http;
using Resilience.Payments.Json;
using Resilience.Payments.Paystack.Internal;

namespace Resilience.Payments.Paystack;

/// <summary>
/// Paystack as an <see cref="IPaymentProvider"/>: saved cards by authorization code and M-Pesa wallets through
/// <c>POST /charge</c>, hosted checkout through <c>POST /transaction/initialize</c>, status through
/// <c>GET /transaction/verify/{reference}</c>. The attempt reference is Paystack's <c>reference</c>, which Paystack refuses to
/// reuse, so re-sending an attempt cannot charge twice (<see cref="ProviderCapabilities.DeduplicatesByReference"/>). Every success
/// carries the amount, currency, paying wallet and time Paystack reports, which the gateway checks against the payment. Use it as a
/// typed <see cref="HttpClient"/> (see <c>AddPaystack</c>). Refunds (<see cref="IRefundProvider"/>) go through <c>POST /refund</c>,
/// partial or full, asynchronous: the answer only queues the refund, its final status comes by the <c>refund.*</c> webhooks or
/// <c>GET /refund/:id</c> (<see cref="PaystackRefundOutcomes"/> maps every answer).
/// </summary>
internal sealed class PaystackPaymentProvider : IPaymentProvider, IRefundProvider
{
    private readonly ProviderHttpExchange _exchange;
    private readonly PaystackOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the adapter over an HTTP client.</summary>
    /// <param name="httpClient">The client; its <see cref="HttpClient.BaseAddress"/> wins over <see cref="PaystackOptions.BaseAddress"/> when set.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock of the "not found" settle window and of payment sessions; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PaystackPaymentProvider(HttpClient httpClient, IOptions<PaystackOptions> options, TimeProvider? timeProvider = null, ILogger<PaystackPaymentProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = new PaystackOptionsValidator().ThrowIfInvalid(options.Value);

        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _exchange = new ProviderHttpExchange(httpClient, _options.Name, _options.BaseAddress, _options.RequestTimeout, logger: _logger);
        _time = timeProvider ?? TimeProvider.System;
        Name = _options.Name;
        Capabilities = new ProviderCapabilities
        {
            InstrumentKinds = [InstrumentKind.MobileMoney, InstrumentKind.Card, InstrumentKind.BankCheckout],
            Networks = [MobileNetwork.Safaricom],
            Currencies = _options.EffectiveCurrencies,

            // Paystack refuses a second transaction under a reference it has seen: "Duplicate Transaction Reference", HTTP 400
            // (https://github.com/unicodeveloper/laravel-paystack/issues/106), mapped to Unknown (PaystackOutcomes.FromCharge).
            DeduplicatesByReference = true,
        };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Capabilities.WhyCannotServe(request.Instrument, request.Amount) is { } why)
        {
            return Task.FromResult(ProviderOutcome.NotProcessed($"Paystack {why}", "unsupported"));
        }

        var amount = request.Amount.ToMinorUnits().ToString(CultureInfo.InvariantCulture);
        var email = _options.DefaultEmail!;
        switch (request.Instrument)
        {
            case CardInstrument card:
                return ChargeAsync(request, new PaystackChargeRequest { Email = email, Amount = amount, Currency = request.Amount.Currency, Reference = request.AttemptReference, AuthorizationCode = card.Token }, cancellationToken);
            case MobileMoneyInstrument mobile:
                var mobileMoney = new PaystackMobileMoney { Phone = "+" + mobile.PhoneNumber.Value, Provider = "mpesa" };
                return ChargeAsync(request, new PaystackChargeRequest { Email = email, Amount = amount, Currency = request.Amount.Currency, Reference = request.AttemptReference, MobileMoney = mobileMoney }, cancellationToken);
            case BankCheckoutInstrument checkout:
                var body = new PaystackInitializeRequest
                {
                    Email = checkout.Email ?? email,
                    Amount = amount,
                    Currency = request.Amount.Currency,
                    Reference = request.AttemptReference,
                    CallbackUrl = _options.CallbackUrl?.AbsoluteUri,
                };
                return SendAsync("initialize", request.AttemptReference, request.Instrument, HttpMethod.Post, "transaction/initialize", JsonContent.Create(body, options: ProviderJson.WriteOptions), (code, answer) => FromInitialize(code, answer, request.AttemptReference), beforeSendIsSafe: true, cancellationToken);
            default:
                return Task.FromResult(ProviderOutcome.NotProcessed($"Paystack does not take {request.Instrument.Kind}", "unsupported"));
        }
    }

    /// <inheritdoc />
    public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = request.AttemptReference;
        return SendAsync("verify", reference, request.Instrument, HttpMethod.Get, "transaction/verify/" + Uri.EscapeDataString(reference), null, (code, answer) => PaystackOutcomes.FromVerify(code, answer, reference, Context(request)), beforeSendIsSafe: false, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Partial refunds and several refunds of one charge, never more than charged in total ([refund-api]
    /// https://paystack.com/docs/api/refund/); asynchronous: <c>POST /refund</c> answers <c>pending</c>, the final status comes by
    /// webhook or query ([refunds-guide] https://paystack.com/docs/payments/refunds/).
    /// </remarks>
    public RefundCapabilities RefundCapabilities { get; } = new() { Partial = true, OnePerCharge = false, Asynchronous = true };

    /// <inheritdoc />
    public Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new PaystackRefundRequest
        {
            Transaction = request.ChargeProviderReference ?? request.AttemptReference, // Paystack takes the reference or the id
            Amount = request.Amount.ToMinorUnits(),
            Currency = request.Amount.Currency,
            CustomerNote = request.Reason,
            MerchantNote = request.RefundReference, // how a listing finds the refund when this answer is lost
        };
        return SendAsync("refund", request.RefundReference, request.Instrument, HttpMethod.Post, "refund", JsonContent.Create(body, options: ProviderJson.WriteOptions), static (code, answer) => PaystackRefundOutcomes.FromCreate(code, answer), beforeSendIsSafe: true, cancellationToken, unknownReference: null);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With the refund's id (from the answer or a webhook): <c>GET /refund/:id</c>. Without it (the answer was lost): the charge's
    /// transaction id from <c>GET /transaction/verify/{reference}</c>, then <c>GET /refund?transaction={id}</c>, searched for the
    /// refund's reference in <c>merchant_note</c>; "not found" is <see cref="OutcomeKind.NotProcessed"/> only after
    /// <see cref="PaystackOptions.NotFoundSettleTime"/> since the refund was last in flight.
    /// </remarks>
    public async Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ProviderReference is { Length: > 0 } id)
        {
            return await SendAsync("refund-fetch", request.RefundReference, request.Instrument, HttpMethod.Get, "refund/" + Uri.EscapeDataString(id), null, (code, answer) => PaystackRefundOutcomes.FromFetch(code, answer, id), beforeSendIsSafe: false, cancellationToken, unknownReference: id).ConfigureAwait(false);
        }

        string? transactionId = null;
        var transaction = request.ChargeProviderReference ?? request.AttemptReference;
        var verified = await SendAsync("refund-verify", request.RefundReference, request.Instrument, HttpMethod.Get, "transaction/verify/" + Uri.EscapeDataString(transaction), null, (code, answer) =>
        {
            transactionId = (int)code is >= 200 and <= 299 && answer is { Status: true, Data.Id: { Length: > 0 } found } ? found : null;
            return transactionId is null
                ? ProviderOutcome.Unknown($"Paystack's verify of the refunded transaction gave no transaction id (HTTP {((int)code).ToString(CultureInfo.InvariantCulture)})", "no_transaction_id")
                : ProviderOutcome.Pending();
        }, beforeSendIsSafe: false, cancellationToken, unknownReference: null).ConfigureAwait(false);
        if (transactionId is null)
        {
            return verified;
        }

        var path = "refund?transaction=" + Uri.EscapeDataString(transactionId) + "&perPage=100";
        return await SendAsync("refund-list", request.RefundReference, request.Instrument, HttpMethod.Get, path, null, (code, answer) =>
        {
            var now = _time.GetUtcNow(); // when the answer arrived
            var conclusive = request.NotFoundIsConclusive(now, _options.NotFoundSettleTime);
            var conclusiveAt = (request.LastInFlightAt ?? request.SentAt) is { } from ? from + _options.NotFoundSettleTime : DateTimeOffset.MaxValue;
            return PaystackRefundOutcomes.FromList(code, answer, request.RefundReference, request.Amount, conclusive, conclusiveAt);
        }, beforeSendIsSafe: false, cancellationToken, unknownReference: null).ConfigureAwait(false);
    }

    /// <summary>Reads the clock when the answer arrives: the settle window and the payment session count until then.</summary>
    private VerifyContext Context(ProviderStatusRequest request)
    {
        var now = _time.GetUtcNow();
        var conclusiveAt = request.NotFoundConclusiveAt(_options.NotFoundSettleTime);
        var expired = _options.PaymentSessionTimeout is { } session && now >= conclusiveAt + session;
        return new VerifyContext(request.NotFoundIsConclusive(now, _options.NotFoundSettleTime), conclusiveAt, expired);
    }

    private static ProviderOutcome FromInitialize(HttpStatusCode code, PaystackAnswer? answer, string reference)
    {
        if ((int)code is >= 200 and <= 299 && answer is { Status: true, Data: { } data })
        {
            return Uri.TryCreate(data.AuthorizationUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
                ? ProviderOutcome.ActionRequired(new PaymentAction(PaymentActionKind.Redirect, url, "Complete the payment on Paystack's checkout page."), data.Reference ?? reference)
                : ProviderOutcome.Unknown("Paystack initialized a checkout without a valid authorization_url", "no_authorization_url", reference);
        }

        return PaystackOutcomes.FromCharge(code, answer, reference);
    }

    private Task<ProviderOutcome> ChargeAsync(ProviderPaymentRequest request, PaystackChargeRequest body, CancellationToken cancellationToken) =>
        SendAsync("charge", request.AttemptReference, request.Instrument, HttpMethod.Post, "charge", JsonContent.Create(body, options: ProviderJson.WriteOptions), (code, answer) => PaystackOutcomes.FromCharge(code, answer, request.AttemptReference), beforeSendIsSafe: true, cancellationToken);

    private async Task<ProviderOutcome> SendAsync(
        string operation,
        string reference,
        PaymentInstrument instrument,
        HttpMethod method,
        string path,
        HttpContent? content,
        Func<HttpStatusCode, PaystackAnswer?, ProviderOutcome> map,
        bool beforeSendIsSafe,
        CancellationToken cancellationToken,
        string? unknownReference = "")
    {
        // An Unknown without an answer names what to ask about later: the attempt reference for a charge (the default), the refund's
        // id for a refund fetch, nothing for a refund (whose reference is not Paystack's: the gateway must not query by it).
        var outcomeReference = unknownReference == "" ? reference : unknownReference;
        using var message = new HttpRequestMessage(method, _exchange.Resolve(path)) { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.SecretKey);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        SendOnce.Mark(message, moneyMoving: method == HttpMethod.Post); // POST /charge and /transaction/initialize leave once; verify may be retried

        var reply = await _exchange.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (reply.Answered)
        {
            var outcome = map(reply.StatusCode, PaystackJson.TryRead(reply.Body.Span));
            PaystackLog.Answered(_logger, operation, reference, instrument.Masked, (int)reply.StatusCode, outcome.Kind, outcome.Code);
            return outcome;
        }

        if (reply.Failure == ProviderHttpFailure.Cancelled)
        {
            cancellationToken.ThrowIfCancellationRequested(); // the caller cancelled: nothing to report
        }

        return Failed(reply.Failure switch
        {
            ProviderHttpFailure.NotSent when beforeSendIsSafe => ProviderOutcome.NotProcessed("could not connect to Paystack; nothing was sent", "connection_failed"),
            ProviderHttpFailure.Timeout => ProviderOutcome.Unknown($"no answer from Paystack within {_options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", "timeout", outcomeReference),
            ProviderHttpFailure.AnswerCutOff => ProviderOutcome.Unknown("the answer from Paystack was cut off", "connection_lost", outcomeReference),
            _ => ProviderOutcome.Unknown($"the connection to Paystack failed while the {operation} may have been in flight", "connection_lost", outcomeReference),
        }, reply.Exception!);

        ProviderOutcome Failed(ProviderOutcome outcome, Exception exception)
        {
            PaystackLog.NoAnswer(_logger, operation, reference, instrument.Masked, outcome.Kind, outcome.Code, exception);
            return outcome;
        }
    }
}
