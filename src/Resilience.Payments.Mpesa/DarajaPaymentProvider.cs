using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Http;
using Resilience.Payments.Json;
using Resilience.Payments.Mpesa.Internal;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// Safaricom M-Pesa through Daraja's Lipa na M-Pesa Online API, as a typed <see cref="HttpClient"/>: OAuth token cached and
/// refreshed once under concurrency, STK push (<see cref="InitiateAsync"/>), STK query (<see cref="QueryStatusAsync"/>) and
/// confirmation of unsigned callbacks (<see cref="ConfirmAsync"/>).
/// </summary>
/// <remarks>
/// Mapping: an accepted STK push is <see cref="OutcomeKind.Pending"/> (a PIN prompt was sent; money has not moved). A
/// synchronous Daraja error Safaricom documents as a refusal (<see cref="DarajaErrorCodes"/>) and any failure to connect is
/// <see cref="OutcomeKind.NotProcessed"/>, and so is the API proxy's own rate-limit fault (<see cref="DarajaErrorCodes.ProxyFaults"/>).
/// A timeout, a dropped connection, <c>500.003.1001 Internal Server Error</c> and any
/// other 5xx is <see cref="OutcomeKind.Unknown"/>: the push may have reached M-Pesa. A request the adapter cannot send (field
/// too long, fractional amount) is <see cref="OutcomeKind.NotProcessed"/> with a reason naming the field; it never reaches M-Pesa.
/// </remarks>
internal sealed partial class DarajaPaymentProvider : IPaymentProvider, IDisposable
{
    /// <summary>The CallBackURL query parameter that carries the attempt's reference (see <see cref="DarajaOptions.CallbackUrlIncludesAttempt"/>).</summary>
    public const string AttemptQueryParameter = "attempt";

    /// <summary>
    /// The CallBackURL query parameter that carries the token signing <see cref="AttemptQueryParameter"/> (HMAC-SHA256 under
    /// <see cref="DarajaOptions.CallbackSigningKeys"/>, see <see cref="Callbacks.CallbackTokenSigner"/>).
    /// </summary>
    public const string AttemptTokenQueryParameter = "token";

    /// <summary>What the attempt tokens are signed for: a token made for another purpose never verifies as one of these.</summary>
    private const string AttemptTokenPurpose = "daraja-attempt";

    private const int MaxStatementPages = 20;
    private const string StkPushOperation = "stk push";

    private static readonly ProviderCapabilities DarajaCapabilities = new()
    {
        InstrumentKinds = [InstrumentKind.MobileMoney],
        Networks = [MobileNetwork.Safaricom],
        Currencies = ["KES"],
        MinAmount = DarajaLimits.MinAmount,
        MaxAmount = DarajaLimits.MaxAmount,
        WholeUnitsOnly = true,
    };

    private readonly ProviderHttpExchange _exchange;
    private readonly DarajaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AccessTokenCache _tokens;
    private readonly Callbacks.CallbackTokenSigner? _signer;
    private readonly ConfirmationCoalescer<ProviderOutcome> _confirmations;

    /// <summary>Creates the adapter.</summary>
    /// <param name="httpClient">The HTTP client; its <see cref="HttpClient.BaseAddress"/> wins over <see cref="DarajaOptions.BaseAddress"/> when set.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for timestamps and token expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public DarajaPaymentProvider(HttpClient httpClient, IOptions<DarajaOptions> options, TimeProvider? timeProvider = null, ILogger<DarajaPaymentProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = new DarajaOptionsValidator().ThrowIfInvalid(options.Value);

        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _tokens = new AccessTokenCache(FetchTokenAsync, _time);
        _exchange = new ProviderHttpExchange(httpClient, _options.Name, _options.BaseAddress, _options.RequestTimeout, _tokens, _logger);
        _signer = _options.CallbackSigningKeys.Count > 0 ? new Callbacks.CallbackTokenSigner(_options.CallbackSigningKeys) : null;
        _confirmations = new ConfirmationCoalescer<ProviderOutcome>(_time, static o => o.Kind is OutcomeKind.Succeeded or OutcomeKind.Declined or OutcomeKind.NotProcessed);
        _credential = LoadCredential(_options);
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => DarajaCapabilities;

    /// <inheritdoc />
    public async Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        var invalid = DarajaOutcomes.WhyCannotSend(request, _options, out var phone, out var accountReference, out var description);
        if (invalid is not null)
        {
            DarajaLog.NotSent(_logger, request.AttemptReference, invalid);
            return ProviderOutcome.NotProcessed(invalid);
        }

        var amount = decimal.ToInt64(request.Amount.Amount).ToString(CultureInfo.InvariantCulture);
        var outcome = await SendWithTokenAsync(
            StkPushOperation,
            "mpesa/stkpush/v1/processrequest",
            timestamp => new JsonObject
            {
                ["BusinessShortCode"] = ShortCodeNode(),
                ["Password"] = DarajaTimestamp.Password(_options.BusinessShortCode, _options.Passkey, timestamp),
                ["Timestamp"] = timestamp,
                ["TransactionType"] = _options.TransactionType.ToString(),
                ["Amount"] = amount,
                ["PartyA"] = phone.Value,
                ["PartyB"] = _options.EffectivePartyB,
                ["PhoneNumber"] = phone.Value,
                ["CallBackURL"] = CallbackUrlFor(request.AttemptReference),
                ["AccountReference"] = accountReference,
                ["TransactionDesc"] = description,
            },
            DarajaOutcomes.MapPush,
            tokenFailed: static reason => ProviderOutcome.NotProcessed($"No M-Pesa access token, STK push not sent: {reason}"),
            connectFailed: static reason => ProviderOutcome.NotProcessed($"Could not connect to M-Pesa, STK push not sent: {reason}"),
            afterSend: static reason => ProviderOutcome.Unknown($"STK push may have reached M-Pesa but no answer came: {reason}"),
            cancellationToken).ConfigureAwait(false);

        DarajaLog.StkPush(_logger, request.AttemptReference, phone.Masked, amount, outcome.Kind, outcome.Code, outcome.ProviderReference);
        return outcome;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs the STK query by the attempt's CheckoutRequestID. An answer that M-Pesa has no such CheckoutRequestID is
    /// <see cref="OutcomeKind.NotProcessed"/> only once <see cref="DarajaOptions.NotFoundSettleTime"/> (stretched by the provider's
    /// observed delay) has passed since the push was last possibly in flight, and <see cref="OutcomeKind.Unknown"/> before. Without
    /// a CheckoutRequestID (the STK push got no answer) the query is impossible: the attempt is matched against the statement
    /// (<see cref="DarajaOptions.UsePullTransactions"/>), or stays <see cref="OutcomeKind.Unknown"/> and is never failed over on
    /// that basis.
    /// </remarks>
    public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.ProviderReference))
        {
            return _options.UsePullTransactions
                ? ReconcileByStatementAsync(request, cancellationToken)
                : Task.FromResult(ProviderOutcome.Unknown(
                    "No CheckoutRequestID: the STK push got no answer, so the STK query is impossible. Waiting for its callback (or enable UsePullTransactions)."));
        }

        return QueryAttemptAsync(request, request.ProviderReference, cancellationToken);
    }

    /// <summary>
    /// Confirms an unsigned callback by an STK query (safety rule 4): Daraja callbacks carry no signature, so nothing in one
    /// may change a payment before M-Pesa itself says the same. Apply only the update this returns.
    /// </summary>
    /// <param name="update">The update parsed from a callback by <see cref="DarajaCallbackParser"/>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>
    /// The update as the STK query confirms it, or <see langword="null"/> when the query gives no final answer (still processing,
    /// unreachable, no such CheckoutRequestID) or the update is not this provider's. The STK query decides the outcome; what only
    /// the body reports (amount, payer, transaction time) is kept on a confirmed success only when
    /// <see cref="ProviderUpdate.AttemptVerified"/> is set (the CallBackURL's token verified, see <see cref="DarajaCallbackHandler"/>):
    /// a body anybody could have posted may neither bind a transaction to an attempt nor mark a genuine payment as mismatched. The
    /// receipt number is kept when the token verified, or when the adapter issues no tokens
    /// (<see cref="DarajaOptions.CallbackUrlIncludesAttempt"/> off), for information only. Confirmations of one CheckoutRequestID
    /// share one STK query while it runs, and its answer is reused for a short while, so that replayed callbacks cost at most a
    /// couple of queries.
    /// </returns>
    public async Task<ProviderUpdate?> ConfirmAsync(ProviderUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!string.Equals(update.Provider, Name, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(update.ProviderReference))
        {
            return null;
        }

        var checkoutRequestId = update.ProviderReference;
        var queried = await _confirmations.GetAsync(
            checkoutRequestId,
            async () => (await QueryCheckoutAsync(checkoutRequestId, CancellationToken.None).ConfigureAwait(false)).Outcome,
            cancellationToken).ConfigureAwait(false);
        if (queried.Kind is OutcomeKind.Pending or OutcomeKind.Unknown)
        {
            return null;
        }

        var trusted = update.AttemptVerified;
        if (queried.Kind == OutcomeKind.Succeeded && update.Outcome.Kind == OutcomeKind.Succeeded)
        {
            var keepReceipt = trusted || !IssuesAttemptTokens;
            var confirmed = queried with
            {
                Receipt = (keepReceipt ? update.Outcome.Receipt : null) ?? queried.Receipt,
                Amount = trusted ? update.Outcome.Amount : null,
                Payer = trusted ? update.Outcome.Payer : null,
                OccurredAt = trusted ? update.Outcome.OccurredAt : null,
            };
            return update with { Outcome = confirmed };
        }

        return update with { Outcome = queried, Source = queried.Kind == update.Outcome.Kind ? update.Source : OutcomeSource.StatusQuery };
    }

    /// <summary>Gets whether each STK push's CallBackURL carries a signed attempt.</summary>
    internal bool IssuesAttemptTokens => _options.CallbackUrlIncludesAttempt && _signer is not null;

    /// <summary>Returns whether <paramref name="token"/> is the token this adapter (or one under an older listed key) signed for <paramref name="attempt"/>. Constant time.</summary>
    internal bool IsGenuineAttempt(string attempt, string? token) => _signer is not null && _signer.Verify(AttemptTokenPurpose, attempt, token);

    /// <inheritdoc />
    public void Dispose()
    {
        _tokens.Dispose();
        _credential?.Dispose();
    }

    private string CallbackUrlFor(string attemptReference)
    {
        var url = _options.CallbackUrl!.AbsoluteUri;
        if (!IssuesAttemptTokens)
        {
            return url;
        }

        // The attempt and a token signing it: the callback handler uses the attempt only when the token verifies (safety rule 10).
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return string.Concat(
            url,
            separator,
            AttemptQueryParameter,
            "=",
            Uri.EscapeDataString(attemptReference),
            "&",
            AttemptTokenQueryParameter,
            "=",
            _signer!.Sign(AttemptTokenPurpose, attemptReference));
    }

    /// <summary>
    /// Reconciles an STK push that got no reply against the short code's statement (Pull Transactions): one matching entry settles
    /// it, reporting the entry's amount, time and (when the statement shows it unmasked) payer; none once
    /// <see cref="DarajaOptions.StatementSettleTime"/>, stretched by the provider's observed delay, has passed since the push was
    /// last possibly in flight means the prompt expired unpaid; several are left to a person. An STK push's amount is fixed by the
    /// merchant, so an entry for another amount is not this push's payment and is never matched.
    /// </summary>
    private async Task<ProviderOutcome> ReconcileByStatementAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        if (request.Instrument is not MobileMoneyInstrument wallet || request.StartedAt == default)
        {
            return ProviderOutcome.Unknown("No CheckoutRequestID and not enough about the attempt to match the statement.");
        }

        var now = _time.GetUtcNow();
        var accountReference = string.IsNullOrEmpty(request.AccountReference) ? _options.DefaultAccountReference : request.AccountReference;
        var until = request.NotFoundConclusiveAt(_options.StatementSettleTime); // safety rule 11: "no entry" proves nothing before
        var end = now < until ? now : until;
        var entries = new List<DarajaStatementEntry>();
        for (var page = 0; page < MaxStatementPages; page++)
        {
            var before = entries.Count;
            string? error = null;
            var offset = before;
            var answer = await SendWithTokenAsync(
                "pull transactions",
                "pulltransactions/v1/query",
                _ => new JsonObject
                {
                    ["ShortCode"] = _options.BusinessShortCode,
                    ["StartDate"] = DarajaTimestamp.FormatStatement(request.StartedAt - DarajaStatement.ClockSkew),
                    ["EndDate"] = DarajaTimestamp.FormatStatement(end + DarajaStatement.ClockSkew),
                    ["OffSetValue"] = offset.ToString(CultureInfo.InvariantCulture),
                },
                (status, body) => body is { } root && DarajaStatement.TryReadPage(root, entries, out error)
                    ? ProviderOutcome.Pending(null, "statement page read")
                    : ProviderOutcome.Unknown($"Pull Transactions failed: HTTP {(int)status}, {error}"),
                tokenFailed: static reason => ProviderOutcome.Unknown($"No M-Pesa access token for Pull Transactions: {reason}"),
                connectFailed: static reason => ProviderOutcome.Unknown($"Could not connect to M-Pesa for Pull Transactions: {reason}"),
                afterSend: static reason => ProviderOutcome.Unknown($"Pull Transactions got no answer: {reason}"),
                cancellationToken).ConfigureAwait(false);
            if (answer.Kind == OutcomeKind.Unknown)
            {
                DarajaLog.Statement(_logger, request.AttemptReference, answer.Kind, answer.Reason);
                return answer;
            }

            if (entries.Count == before)
            {
                break;
            }
        }

        var matches = DarajaStatement.Match(entries, accountReference, request.Amount.Amount, wallet.PhoneNumber.Value, request.StartedAt, end + DarajaStatement.ClockSkew);
        ProviderOutcome outcome = matches.Count switch
        {
            1 => ProviderOutcome.Succeeded(matches[0].TransactionId, matches[0].TransactionId) with
            {
                Amount = Money.Kes(matches[0].Amount),
                Payer = DarajaStatement.UnmaskedMsisdn(matches[0]),
                OccurredAt = matches[0].Time,
            },
            0 when request.NotFoundIsConclusive(now, _options.StatementSettleTime) => ProviderOutcome.NotProcessed(
                $"No charge for this STK push in the short code's statement {_options.StatementSettleTime} after it was last possibly in flight: the prompt expired unpaid."),
            0 => ProviderOutcome.Unknown("No CheckoutRequestID and no statement entry yet; checking again later."),
            _ => ProviderOutcome.Unknown($"{matches.Count.ToString(CultureInfo.InvariantCulture)} statement entries match this STK push; a person must decide which one it is."),
        };
        DarajaLog.Statement(_logger, request.AttemptReference, outcome.Kind, outcome.Reason);
        return outcome;
    }

    /// <summary>The STK query for an attempt: M-Pesa's "no such CheckoutRequestID" becomes NotProcessed only after the settle window.</summary>
    private async Task<ProviderOutcome> QueryAttemptAsync(ProviderStatusRequest request, string checkoutRequestId, CancellationToken cancellationToken)
    {
        var (outcome, notFound) = await QueryCheckoutAsync(checkoutRequestId, cancellationToken).ConfigureAwait(false);
        if (!notFound)
        {
            return outcome;
        }

        if (request.StartedAt != default && request.NotFoundIsConclusive(_time.GetUtcNow(), _options.NotFoundSettleTime)) // no start known: never conclusive
        {
            return ProviderOutcome.NotProcessed(
                $"M-Pesa has no STK push {checkoutRequestId} {_options.NotFoundSettleTime} after it was last possibly in flight: it was never charged.",
                outcome.Code) with { ProviderReference = checkoutRequestId };
        }

        var at = request.NotFoundConclusiveAt(_options.NotFoundSettleTime);
        return ProviderOutcome.Unknown(
            $"M-Pesa does not know STK push {checkoutRequestId} yet; that proves nothing before {at:O}.",
            outcome.Code,
            checkoutRequestId);
    }

    private async Task<(ProviderOutcome Outcome, bool NotFound)> QueryCheckoutAsync(string checkoutRequestId, CancellationToken cancellationToken)
    {
        var notFound = false;
        var outcome = await SendWithTokenAsync(
            "stk query",
            "mpesa/stkpushquery/v1/query",
            timestamp => new JsonObject
            {
                ["BusinessShortCode"] = ShortCodeNode(),
                ["Password"] = DarajaTimestamp.Password(_options.BusinessShortCode, _options.Passkey, timestamp),
                ["Timestamp"] = timestamp,
                ["CheckoutRequestID"] = checkoutRequestId,
            },
            (status, body) => DarajaOutcomes.MapQuery(checkoutRequestId, status, body, out notFound),
            tokenFailed: reason => ProviderOutcome.Unknown($"No M-Pesa access token for the STK query: {reason}", null, checkoutRequestId),
            connectFailed: reason => ProviderOutcome.Unknown($"Could not connect to M-Pesa for the STK query: {reason}", null, checkoutRequestId),
            afterSend: reason => ProviderOutcome.Unknown($"STK query got no answer: {reason}", null, checkoutRequestId),
            cancellationToken).ConfigureAwait(false);
        DarajaLog.StkQuery(_logger, checkoutRequestId, outcome.Kind, outcome.Code);
        return (outcome, notFound);
    }

    private JsonValue ShortCodeNode() =>
        long.TryParse(_options.BusinessShortCode, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(_options.BusinessShortCode);

    /// <summary>
    /// Sends one Daraja call through the exchange (bearer token, linked timeout, failed-before-sending rule); on 404.001.03
    /// (invalid access token) the exchange drops the token, fetches a new one and sends a new request once.
    /// </summary>
    private async Task<ProviderOutcome> SendWithTokenAsync(
        string operation,
        string path,
        Func<string, JsonObject> body,
        Func<HttpStatusCode, JsonElement?, ProviderOutcome> map,
        Func<string, ProviderOutcome> tokenFailed,
        Func<string, ProviderOutcome> connectFailed,
        Func<string, ProviderOutcome> afterSend,
        CancellationToken cancellationToken)
    {
        var reply = await _exchange.SendWithTokenAsync(
            operation,
            () => new HttpRequestMessage(HttpMethod.Post, _exchange.Resolve(path))
            {
                Content = new StringContent(body(DarajaTimestamp.Format(_time.GetUtcNow())).ToJsonString(), Encoding.UTF8, "application/json"),
            },
            moneyMoving: operation is StkPushOperation or ReversalOperation, // an STK push or a reversal leaves once; queries may be retried
            DarajaOutcomes.IsInvalidAccessToken,
            cancellationToken).ConfigureAwait(false);
        switch (reply.Failure)
        {
            case ProviderHttpFailure.None:
                using (var json = DarajaOutcomes.Parse(reply))
                {
                    return map(reply.StatusCode, json?.RootElement);
                }

            case ProviderHttpFailure.NoToken:
                return tokenFailed(reply.Reason!);
            case ProviderHttpFailure.NotSent:
                return connectFailed(reply.Reason!);
            default:
                return afterSend(reply.Reason!);
        }
    }

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        DarajaLog.FetchingToken(_logger, _exchange.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var request = new HttpRequestMessage(HttpMethod.Get, _exchange.Resolve("oauth/v1/generate?grant_type=client_credentials"));
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ConsumerKey}:{_options.ConsumerSecret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        var reply = await _exchange.SendAsync(request, cancellationToken).ConfigureAwait(false);
        reply.EnsureAnswered(cancellationToken);
        using var json = DarajaOutcomes.Parse(reply);
        var root = json?.RootElement ?? default;
        var token = ProviderJson.Text(root, "access_token");
        if ((int)reply.StatusCode is < 200 or > 299 || string.IsNullOrEmpty(token) || !ProviderJson.TryGetSeconds(root, "expires_in", DarajaOutcomes.MaxTokenLifetime, out var expiresIn))
        {
            var code = ProviderJson.Text(root, "errorCode");
            throw new HttpRequestException(
                $"OAuth failed: HTTP {(int)reply.StatusCode}{(code is null ? string.Empty : $", {code} {ProviderJson.Text(root, "errorMessage")}")}.",
                null,
                reply.StatusCode);
        }

        return new AccessToken(token, _time.GetUtcNow() + expiresIn);
    }
}
