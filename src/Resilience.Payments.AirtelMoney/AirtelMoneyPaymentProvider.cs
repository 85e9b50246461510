using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Payments.AirtelMoney.Internal;
using Resilience.Payments.Http;
using Resilience.Payments.Json;

namespace Resilience.Payments.AirtelMoney;

/// <summary>
/// Airtel Money (Kenya) through the Airtel Open API, as an <see cref="IPaymentProvider"/>: OAuth client credentials
/// (<c>POST /auth/oauth2/token</c>, the token cached until shortly before expiry and fetched once however many payments ask),
/// USSD-push collection (<c>POST /merchant/v1/payments/</c>, <see cref="InitiateAsync"/>) and enquiry
/// (<c>GET /standard/v1/payments/{id}</c>, <see cref="QueryStatusAsync"/>).
/// </summary>
/// <remarks>
/// The attempt reference is sent as <c>transaction.id</c>: Airtel refuses a re-sent id (<c>ESB000041</c>), so re-sending an
/// attempt can never charge twice, and the enquiry is by the same id. An HTTP 401 refreshes the token once and retries once.
/// Every documented code is mapped by <see cref="AirtelMoneyCodes"/>; a timeout, a dropped connection, 408/5xx and ambiguous
/// codes are <see cref="OutcomeKind.Unknown"/> (enquired, never failed over first); validation errors, 4xx before processing,
/// 429 and connection failures before sending are <see cref="OutcomeKind.NotProcessed"/>. Only Airtel numbers are charged.
/// </remarks>
internal sealed class AirtelMoneyPaymentProvider : IPaymentProvider, IRefundProvider, IDisposable
{
    private const string TokenPath = "auth/oauth2/token";
    private const string CollectionPath = "merchant/v1/payments/";
    private const string EnquiryPath = "standard/v1/payments/";
    private const string CollectionOperation = "collection";
    private const string RefundPath = "standard/v1/payments/refund";
    private const string RefundOperation = "refund";

    /// <summary>The longest token lifetime believed from <c>expires_in</c>: a year.</summary>
    private static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(366);

    private readonly ProviderHttpExchange _exchange;
    private readonly AirtelMoneyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AccessTokenCache _tokens;

    /// <summary>Creates the adapter.</summary>
    /// <param name="httpClient">The HTTP client; its <see cref="HttpClient.BaseAddress"/> wins over <see cref="AirtelMoneyOptions.BaseAddress"/> when set.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock of token expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public AirtelMoneyPaymentProvider(HttpClient httpClient, IOptions<AirtelMoneyOptions> options, TimeProvider? timeProvider = null, ILogger<AirtelMoneyPaymentProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = new AirtelMoneyOptionsValidator().ThrowIfInvalid(options.Value);

        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _tokens = new AccessTokenCache(FetchTokenAsync, _time, _options.TokenRefreshBefore);
        _exchange = new ProviderHttpExchange(httpClient, _options.Name, _options.BaseAddress, _options.RequestTimeout, _tokens, _logger);
        Name = _options.Name;
        Capabilities = new ProviderCapabilities
        {
            InstrumentKinds = [InstrumentKind.MobileMoney],
            Networks = [MobileNetwork.Airtel],
            Currencies = [_options.Currency],
            DeduplicatesByReference = true, // a re-sent transaction.id is refused with ESB000041
        };
        RefundCapabilities = new RefundCapabilities
        {
            Partial = false, // the refund names only the airtel_money_id: the whole transaction goes back
            OnePerCharge = true,
            Asynchronous = true, // the answer "SUCCESS" accepts; TIP and TA are not final: confirmed by enquiry
        };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the adapter's clock (for its callback handler's confirmation cache).</summary>
    internal TimeProvider Clock => _time;

    /// <inheritdoc />
    /// <remarks>
    /// Mobile money on the Airtel network (by the number's prefix) in <see cref="AirtelMoneyOptions.Currency"/> only.
    /// <see cref="ProviderCapabilities.DeduplicatesByReference"/> is set: Airtel refuses a second collection with a
    /// <c>transaction.id</c> it has seen (<c>ESB000041</c>), so a retry after "not found" reuses the earlier reference and a late
    /// arrival of the earlier request is refused instead of charged.
    /// </remarks>
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Whole transactions only (<c>POST /standard/v1/payments/refund</c> names the <c>airtel_money_id</c>, no amount), once per
    /// charge, asynchronous: the answer accepts the refund and the refund's enquiry (<c>TS</c>) confirms it.
    /// </remarks>
    public RefundCapabilities RefundCapabilities { get; }

    /// <summary>Gets how many OAuth tokens the adapter has fetched.</summary>
    public int TokenFetches => _tokens.Fetches;

    /// <inheritdoc />
    public async Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var why = Capabilities.WhyCannotServe(request.Instrument, request.Amount);
        if (why is not null || request.Instrument is not MobileMoneyInstrument wallet)
        {
            var reason = $"Instrument: Airtel Money {why ?? "takes mobile money only"} ({request.Instrument.Masked}).";
            AirtelLog.NotSent(_logger, request.AttemptReference, reason);
            return ProviderOutcome.NotProcessed(reason, "unsupported");
        }

        var reference = FirstNonEmpty(request.AccountReference, request.Description, _options.DefaultAccountReference);
        var body = new JsonObject
        {
            ["reference"] = reference,
            ["subscriber"] = new JsonObject
            {
                ["country"] = _options.Country,
                ["currency"] = _options.Currency,
                ["msisdn"] = wallet.PhoneNumber.NationalSignificantNumber,
            },
            ["transaction"] = new JsonObject
            {
                ["amount"] = request.Amount.Amount,
                ["country"] = _options.Country,
                ["currency"] = _options.Currency,
                ["id"] = request.AttemptReference,
            },
        };
        var json = body.ToJsonString();
        var (status, outcome) = await SendAsync(
            CollectionOperation,
            request.AttemptReference,
            HttpMethod.Post,
            CollectionPath,
            json,
            (code, answer) => AirtelOutcomes.FromCollection(code, answer, request.AttemptReference),
            beforeSend: reason => ProviderOutcome.NotProcessed($"Collection not sent: {reason}", "not_sent"),
            afterSend: reason => ProviderOutcome.Unknown($"The collection may have reached Airtel but no answer came: {reason}", "no_answer", request.AttemptReference),
            cancellationToken).ConfigureAwait(false);
        AirtelLog.Collection(_logger, request.AttemptReference, wallet.PhoneNumber.Masked, request.Amount.ToString(), status, outcome.Kind, outcome.Code);
        return outcome;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Enquires by the attempt reference (Airtel's <c>transaction.id</c>). A documented "no such transaction" code is
    /// <see cref="OutcomeKind.NotProcessed"/> only once <see cref="ProviderStatusRequest.NotFoundIsConclusive"/> says so:
    /// <see cref="AirtelMoneyOptions.NotFoundSettleTime"/> counted from when the request was last possibly in flight
    /// (<see cref="ProviderStatusRequest.LastInFlightAt"/>) and stretched by how slow Airtel is now
    /// (<see cref="ProviderStatusRequest.ObservedDelay"/>); before that it is <see cref="OutcomeKind.Unknown"/>, since an overloaded
    /// Airtel may still be holding the request in its queue. Any failure to get an answer is <see cref="OutcomeKind.Unknown"/>.
    /// </remarks>
    public async Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await EnquireAsync(request.AttemptReference, cancellationToken).ConfigureAwait(false);
        if (outcome.Kind == OutcomeKind.NotProcessed && !request.NotFoundIsConclusive(_time.GetUtcNow(), _options.NotFoundSettleTime))
        {
            var conclusiveAt = request.NotFoundConclusiveAt(_options.NotFoundSettleTime);
            return ProviderOutcome.Unknown(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Airtel has no transaction {request.AttemptReference} yet, but the request may still be in flight (Airtel's queue can hold it): \"not found\" is believed from {conclusiveAt:O}."),
                outcome.Code,
                request.AttemptReference);
        }

        return outcome;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Sends <c>{"transaction":{"airtel_money_id","id"},"reference"}</c> once (never retried after it may have left): the charge's
    /// receipt (<c>airtel_money_id</c>) names what to refund, the refund's reference is its own <c>transaction.id</c> (enquired by
    /// <see cref="QueryRefundAsync"/>). A charge without a receipt, another currency or a partial amount is not sent
    /// (<see cref="OutcomeKind.NotProcessed"/>). The answer is mapped by <see cref="AirtelMoneyCodes"/>' refund tables.
    /// </remarks>
    public async Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var why = string.IsNullOrWhiteSpace(request.ChargeReceipt) ? "the charge has no airtel_money_id to refund"
            : !string.Equals(request.Amount.Currency, _options.Currency, StringComparison.OrdinalIgnoreCase) ? $"refunds {_options.Currency} only"
            : !request.IsFull ? "refunds whole transactions only"
            : null;
        if (why is not null)
        {
            AirtelLog.RefundNotSent(_logger, request.RefundReference, why);
            return ProviderOutcome.NotProcessed($"Refund not sent: Airtel Money {why}.", "unsupported");
        }

        var body = new JsonObject
        {
            ["reference"] = FirstNonEmpty(request.Reason, "Refund " + request.AttemptReference),
            ["transaction"] = new JsonObject
            {
                ["airtel_money_id"] = request.ChargeReceipt,
                ["id"] = request.RefundReference,
            },
        };
        var (status, outcome) = await SendAsync(
            RefundOperation,
            request.RefundReference,
            HttpMethod.Post,
            RefundPath,
            body.ToJsonString(),
            (code, answer) => AirtelRefundOutcomes.FromRefund(code, answer, request.RefundReference),
            beforeSend: reason => ProviderOutcome.NotProcessed($"Refund not sent: {reason}", "not_sent"),
            afterSend: reason => ProviderOutcome.Unknown($"The refund may have reached Airtel but no answer came: {reason}", "no_answer", request.RefundReference),
            cancellationToken).ConfigureAwait(false);
        AirtelLog.Refund(_logger, request.RefundReference, request.AttemptReference, request.Amount.ToString(), status, outcome.Kind, outcome.Code);
        return outcome;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Enquires the refund's own transaction id (<c>GET /standard/v1/payments/{refund reference}</c>): <c>TS</c> succeeded,
    /// <c>TF</c>/<c>TE</c> declined, <c>TIP</c> pending, <c>TA</c> unknown. "Not found" is <see cref="OutcomeKind.NotProcessed"/>
    /// only once <see cref="ProviderRefundRequest.NotFoundIsConclusive"/> holds for <see cref="AirtelMoneyOptions.NotFoundSettleTime"/>.
    /// </remarks>
    public async Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await EnquireRefundAsync(request.RefundReference, cancellationToken).ConfigureAwait(false);
        if (outcome.Kind == OutcomeKind.NotProcessed && !request.NotFoundIsConclusive(_time.GetUtcNow(), _options.NotFoundSettleTime))
        {
            return ProviderOutcome.Unknown(
                $"Airtel has no refund {request.RefundReference} yet, but the request may still be in flight: \"not found\" is believed after {_options.NotFoundSettleTime}.",
                outcome.Code,
                request.RefundReference);
        }

        return outcome;
    }

    /// <inheritdoc />
    public void Dispose() => _tokens.Dispose();

    /// <summary>Asks Airtel what happened to the refund with transaction id <paramref name="refundReference"/>.</summary>
    internal async Task<ProviderOutcome> EnquireRefundAsync(string refundReference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundReference);
        var (status, outcome) = await SendAsync(
            "refund enquiry",
            refundReference,
            HttpMethod.Get,
            EnquiryPath + Uri.EscapeDataString(refundReference),
            null,
            (code, answer) => AirtelRefundOutcomes.FromEnquiry(code, answer, refundReference, _options.Currency),
            beforeSend: reason => ProviderOutcome.Unknown($"Could not ask Airtel about refund {refundReference}: {reason}", "not_sent", refundReference),
            afterSend: reason => ProviderOutcome.Unknown($"The enquiry of refund {refundReference} got no answer: {reason}", "no_answer", refundReference),
            cancellationToken).ConfigureAwait(false);
        AirtelLog.Enquiry(_logger, refundReference, status, outcome.Kind, outcome.Code);
        return outcome;
    }

    /// <summary>Asks Airtel what happened to transaction <paramref name="transactionId"/>.</summary>
    internal async Task<ProviderOutcome> EnquireAsync(string transactionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionId);
        var (status, outcome) = await SendAsync(
            "enquiry",
            transactionId,
            HttpMethod.Get,
            EnquiryPath + Uri.EscapeDataString(transactionId),
            null,
            (code, answer) => AirtelOutcomes.FromEnquiry(code, answer, transactionId, _options.Currency),
            beforeSend: reason => ProviderOutcome.Unknown($"Could not ask Airtel about {transactionId}: {reason}", "not_sent", transactionId),
            afterSend: reason => ProviderOutcome.Unknown($"The enquiry of {transactionId} got no answer: {reason}", "no_answer", transactionId),
            cancellationToken).ConfigureAwait(false);
        AirtelLog.Enquiry(_logger, transactionId, status, outcome.Kind, outcome.Code);
        return outcome;
    }

    private static string FirstNonEmpty(params string?[] values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return string.Empty;
    }

    /// <summary>
    /// Sends one call through the exchange (bearer token, linked timeout, failed-before-sending rule). An HTTP 401 is Airtel's
    /// gateway refusing the token before the call is processed (Airtel's error table, providers.md: 401 is NotProcessed): the
    /// exchange drops the token, fetches a new one and sends a new request once.
    /// </summary>
    private async Task<(int Status, ProviderOutcome Outcome)> SendAsync(
        string operation,
        string reference,
        HttpMethod method,
        string path,
        string? json,
        Func<int, AirtelAnswer?, ProviderOutcome> map,
        Func<string, ProviderOutcome> beforeSend,
        Func<string, ProviderOutcome> afterSend,
        CancellationToken cancellationToken)
    {
        var reply = await _exchange.SendWithTokenAsync(
            operation,
            () =>
            {
                var request = new HttpRequestMessage(method, _exchange.Resolve(path));
                if (json is not null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Headers.Add("X-Country", _options.Country);
                request.Headers.Add("X-Currency", _options.Currency);
                return request;
            },
            moneyMoving: operation is CollectionOperation or RefundOperation, // a collection or refund leaves once; enquiries may be retried
            ProviderHttpExchange.IsUnauthorized,
            cancellationToken).ConfigureAwait(false);
        if (reply.Answered)
        {
            return ((int)reply.StatusCode, map((int)reply.StatusCode, AirtelJson.TryRead(reply.Body.Span)));
        }

        var outcome = reply.Failure switch
        {
            ProviderHttpFailure.NoToken => beforeSend(reply.Exception is OperationCanceledException ? "the OAuth request timed out" : "no access token: " + reply.Reason),
            ProviderHttpFailure.NotSent => beforeSend("could not connect to Airtel: " + reply.Reason),
            ProviderHttpFailure.Timeout or ProviderHttpFailure.Cancelled => afterSend(reply.Reason!),
            _ => afterSend(reply.Exception is OperationCanceledException ? reply.Reason! : "the connection failed: " + reply.Reason),
        };
        AirtelLog.NoAnswer(_logger, operation, reference, outcome.Kind, outcome.Reason);
        return (0, outcome);
    }

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        AirtelLog.FetchingToken(_logger, _exchange.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var body = new JsonObject
        {
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
            ["grant_type"] = "client_credentials",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _exchange.Resolve(TokenPath))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var reply = await _exchange.SendAsync(request, cancellationToken).ConfigureAwait(false);
        reply.EnsureAnswered(cancellationToken);
        using var document = AirtelJson.TryParse(reply.Body.Span);
        var root = document?.RootElement ?? default;
        var token = AirtelJson.Text(root, "access_token");
        if ((int)reply.StatusCode is < 200 or > 299 || string.IsNullOrEmpty(token) || !ProviderJson.TryGetSeconds(root, "expires_in", MaxTokenLifetime, out var expiresIn))
        {
            throw new HttpRequestException($"Airtel OAuth failed: HTTP {(int)reply.StatusCode}.", null, reply.StatusCode);
        }

        // The cache replaces a token TokenRefreshBefore before its expiry; a token shorter-lived than twice the margin is
        // used for half its life instead of never.
        var margin = _options.TokenRefreshBefore;
        var expiresAt = _time.GetUtcNow() + (expiresIn > margin + margin ? expiresIn : margin + (expiresIn / 2));
        return new AccessToken(token, expiresAt);
    }
}
