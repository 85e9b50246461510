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
using Resilience.Payments.Pesapal.Internal;

namespace Resilience.Payments.Pesapal;

/// <summary>
/// Pesapal API 3.0 as an <see cref="IPaymentProvider"/>: a hosted checkout where the payer pays by M-Pesa, Airtel Money, card
/// or bank. Bearer token from <c>POST /api/Auth/RequestToken</c> cached until shortly before its <c>expiryDate</c> (one request
/// however many payments ask at once; an HTTP 401 refreshes it once and retries once), the IPN URL registered once
/// (<c>POST /api/URLSetup/RegisterIPN</c>), orders by <c>POST /api/Transactions/SubmitOrderRequest</c> with the attempt reference
/// as merchant reference, and status by <c>GET /api/Transactions/GetTransactionStatus</c>. Use it as a typed
/// <see cref="HttpClient"/> (see <c>AddPesapal</c>).
/// </summary>
/// <remarks>
/// <para>
/// Mapping: an accepted order is <see cref="OutcomeKind.ActionRequired"/> with the <c>redirect_url</c> and the order tracking id as
/// provider reference. Every failure to create an order, including a timeout, a dropped connection and a 5xx, is
/// <see cref="OutcomeKind.NotProcessed"/>: no money moves before the payer opens <c>redirect_url</c>, and that URL exists only in
/// the answer, which the adapter hands out only together with the order tracking id. An order whose answer was lost may exist
/// at Pesapal, but nobody can ever pay it. For the same reason a status query for an attempt without an order tracking id (the
/// answer never reached the gateway) is <see cref="OutcomeKind.NotProcessed"/>.
/// </para>
/// <para>
/// Status: <c>status_code</c> 0 INVALID is <see cref="OutcomeKind.Pending"/> (not paid yet; Pesapal sends it with an error object
/// that is not an error), 1 COMPLETED <see cref="OutcomeKind.Succeeded"/> with the <c>confirmation_code</c> as receipt and the
/// amount, currency, payer (a whole phone number only: <c>payment_account</c> is usually masked) and time Pesapal reports, which the
/// gateway checks against the payment (without an amount it is <see cref="OutcomeKind.Unknown"/>), 2 FAILED
/// <see cref="OutcomeKind.Declined"/>, 3 REVERSED <see cref="OutcomeKind.Declined"/> with code <c>REVERSED</c> (the money went
/// back; a success recorded before stays final and needs an operator). Anything else is <see cref="OutcomeKind.Unknown"/>, an unknown
/// tracking id included: no Pesapal answer is read as "not found, so never charged", which is why this adapter has no
/// <c>NotFoundSettleTime</c>. Sources of every row: <c>Internal/PesapalOutcomes.cs</c> and the README's Pesapal table.
/// </para>
/// </remarks>
internal sealed class PesapalPaymentProvider : IPaymentProvider, IRefundProvider, IDisposable
{
    /// <summary>The operation name of a refund request (money-moving: sent once).</summary>
    internal const string RefundOperation = "refund";

    /// <summary>The path of GetTransactionStatus, to append the escaped order tracking id to.</summary>
    internal const string StatusPath = "api/Transactions/GetTransactionStatus?orderTrackingId=";

    private const int MaxMerchantReferenceLength = 50;
    private const string OrderOperation = "order";
    private const int MaxDescriptionLength = 100;

    private static readonly System.Buffers.SearchValues<char> MerchantReferenceChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    private readonly ProviderHttpExchange _exchange;
    private readonly PesapalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AccessTokenCache _tokens;
    private readonly PesapalRefunds _refunds;
    private readonly SemaphoreSlim _ipnGate = new(1, 1);
    private string? _notificationId;
    private int _ipnRegistrations;

    /// <summary>Creates the adapter over an HTTP client.</summary>
    /// <param name="httpClient">The client; its <see cref="HttpClient.BaseAddress"/> wins over <see cref="PesapalOptions.BaseAddress"/> when set.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock of token expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PesapalPaymentProvider(HttpClient httpClient, IOptions<PesapalOptions> options, TimeProvider? timeProvider = null, ILogger<PesapalPaymentProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = new PesapalOptionsValidator().ThrowIfInvalid(options.Value);

        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _tokens = new AccessTokenCache(FetchTokenAsync, _time, _options.TokenRefreshBefore);
        _exchange = new ProviderHttpExchange(httpClient, _options.Name, _options.BaseAddress, _options.RequestTimeout, _tokens, _logger);
        _notificationId = string.IsNullOrWhiteSpace(_options.NotificationId) ? null : _options.NotificationId.Trim();
        Name = _options.Name;
        Capabilities = new ProviderCapabilities
        {
            InstrumentKinds = [InstrumentKind.BankCheckout, InstrumentKind.MobileMoney],
            Networks = [MobileNetwork.Safaricom, MobileNetwork.Airtel],
            Currencies = _options.EffectiveCurrencies,
        };
        RefundCapabilities = new RefundCapabilities
        {
            Partial = true, // cards may be refunded in part
            FullOnlyFor = [InstrumentKind.MobileMoney], // "You can only fully refund a payment mobile payment"
            OnePerCharge = true, // "Multiple refunds are not allowed"
            Asynchronous = true, // the merchant approves it; REVERSED shows it
        };
        _refunds = new PesapalRefunds(this, _options.RefundUsername, _logger);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the adapter's clock (for its callback handler's confirmation cache).</summary>
    internal TimeProvider Clock => _time;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Partial refunds of card payments; mobile-money payments in full only (the gateway refuses a partial refund of a mobile-money
    /// instrument; a checkout Pesapal reports as paid by mobile money is checked here, before sending); one refund per payment;
    /// asynchronous: the merchant approves the refund, then the payment's status becomes REVERSED.
    /// </remarks>
    public RefundCapabilities RefundCapabilities { get; }

    /// <summary>Gets how many tokens have been requested from Pesapal.</summary>
    public int TokenRequests => _tokens.Fetches;

    /// <summary>Gets how many IPN registration requests were made: one per process once one succeeds (a failed one is retried on the next order).</summary>
    public int IpnRegistrations => Volatile.Read(ref _ipnRegistrations);

    /// <inheritdoc />
    public async Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var reference = request.AttemptReference;
        if (WhyCannotSend(request, out var billing) is { } invalid)
        {
            PesapalLog.NotSent(_logger, reference, invalid);
            return ProviderOutcome.NotProcessed($"Pesapal {invalid}", "unsupported");
        }

        var (notificationId, ipnFailure) = await GetNotificationIdAsync(reference, request.Instrument, cancellationToken).ConfigureAwait(false);
        if (ipnFailure is not null)
        {
            return ipnFailure;
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? request.AccountReference : request.Description;
        description = string.IsNullOrWhiteSpace(description) ? "Payment " + reference : description.Trim();
        var order = new PesapalOrderRequest
        {
            Id = reference,
            Currency = request.Amount.Currency,
            Amount = request.Amount.Amount,
            Description = description.Length > MaxDescriptionLength ? description[..MaxDescriptionLength] : description,
            CallbackUrl = _options.CallbackUrl!.AbsoluteUri,
            NotificationId = notificationId!,
            BillingAddress = billing!,
        };

        var reply = await SendAsync(OrderOperation, HttpMethod.Post, "api/Transactions/SubmitOrderRequest", () => JsonContent.Create(order, options: ProviderJson.WriteOptions), cancellationToken).ConfigureAwait(false);
        var outcome = reply.Failure switch
        {
            Failure.None => PesapalOutcomes.FromSubmit(reply.Status, reply.Answer),
            Failure.NoToken => ProviderOutcome.NotProcessed($"no Pesapal token, the order was not sent: {reply.Detail}", "no_token"),
            Failure.NotSent => ProviderOutcome.NotProcessed("could not connect to Pesapal; nothing was sent", "connection_failed"),
            _ => ProviderOutcome.NotProcessed(
                $"Pesapal's SubmitOrderRequest got no answer ({reply.Detail}); an order may exist but its checkout page never reached the payer, so it cannot be paid",
                reply.Detail),
        };
        Report("order", reference, request.Instrument.Masked, reply, outcome);
        return outcome;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Asks by the order tracking id (the provider reference). Without one the answer is <see cref="OutcomeKind.NotProcessed"/>:
    /// the order's checkout page never reached the payer (see the class remarks). A tracking id whose order carries another
    /// merchant reference than the attempt's is <see cref="OutcomeKind.Unknown"/>.
    /// </remarks>
    public async Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.ProviderReference))
        {
            return ProviderOutcome.NotProcessed(
                "no Pesapal order tracking id was ever returned for this attempt, so its checkout page never reached the payer and it cannot have been paid",
                "no_order");
        }

        var (outcome, merchantReference) = await QueryOrderAsync(request.ProviderReference, request.Instrument.Masked, cancellationToken).ConfigureAwait(false);
        if (merchantReference is not null && !string.Equals(merchantReference, request.AttemptReference, StringComparison.Ordinal))
        {
            return ProviderOutcome.Unknown($"Pesapal's order {request.ProviderReference} belongs to merchant reference {merchantReference}, not {request.AttemptReference}", "reference_mismatch", request.ProviderReference);
        }

        return outcome;
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>POST /api/Transactions/RefundRequest</c> with the charge's <c>confirmation_code</c>, the amount,
    /// <see cref="PesapalOptions.RefundUsername"/> and the reason with the refund's reference as <c>remarks</c>, sent once. "200" is
    /// <see cref="OutcomeKind.Pending"/> (the merchant still has to approve), "500" <see cref="OutcomeKind.Declined"/>, an HTTP
    /// refusal <see cref="OutcomeKind.NotProcessed"/>, no answer <see cref="OutcomeKind.Unknown"/>.
    /// </remarks>
    public Task<ProviderOutcome> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => _refunds.RefundAsync(request, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// <c>GetTransactionStatus</c> of the refunded order: REVERSED is <see cref="OutcomeKind.Succeeded"/> (with the amount for a full
    /// refund), COMPLETED <see cref="OutcomeKind.Pending"/>. Pesapal has no refund enquiry: a refund the merchant rejects in the
    /// dashboard, or one that never arrived, stays <see cref="OutcomeKind.Pending"/> and needs a person.
    /// </remarks>
    public Task<ProviderOutcome> QueryRefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => _refunds.QueryRefundAsync(request, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _tokens.Dispose();
        _ipnGate.Dispose();
    }

    /// <summary>Asks Pesapal for an order's status by its tracking id (used by status queries and to confirm IPNs).</summary>
    /// <returns>The outcome, and the order's merchant reference as Pesapal reports it.</returns>
    internal async Task<(ProviderOutcome Outcome, string? MerchantReference)> QueryOrderAsync(string orderTrackingId, string instrument, CancellationToken cancellationToken)
    {
        var reply = await SendAsync("status", HttpMethod.Get, StatusPath + Uri.EscapeDataString(orderTrackingId), null, cancellationToken).ConfigureAwait(false);
        var outcome = reply.Failure switch
        {
            Failure.None => PesapalOutcomes.FromStatus(reply.Status, reply.Answer, orderTrackingId),
            Failure.NoToken => ProviderOutcome.Unknown($"no Pesapal token for the status query: {reply.Detail}", "no_token", orderTrackingId),
            _ => ProviderOutcome.Unknown($"Pesapal's GetTransactionStatus got no answer ({reply.Detail})", reply.Detail, orderTrackingId),
        };
        Report("status", ProviderText.Scrub(orderTrackingId), instrument, reply, outcome); // the tracking id may come from an IPN
        var merchantReference = reply.Failure == Failure.None && reply.Answer?.StatusCode is not null ? reply.Answer.MerchantReference : null;
        return (outcome, string.IsNullOrWhiteSpace(merchantReference) ? null : merchantReference);
    }

    /// <summary>The <c>payment_method</c> Pesapal reports for a paid order (for example <c>MpesaKE</c>, <c>Visa</c>), or <see langword="null"/> when not known.</summary>
    internal async Task<string?> PaymentMethodAsync(string orderTrackingId, string instrument, CancellationToken cancellationToken)
    {
        var reply = await SendAsync("payment method", HttpMethod.Get, StatusPath + Uri.EscapeDataString(orderTrackingId), null, cancellationToken).ConfigureAwait(false);
        return reply.Failure == Failure.None && (int)reply.Status is >= 200 and <= 299 && reply.Answer?.StatusCode == PesapalOutcomes.Completed && !string.IsNullOrWhiteSpace(reply.Answer.PaymentMethod)
            ? reply.Answer.PaymentMethod
            : null;
    }

    private string? WhyCannotSend(ProviderPaymentRequest request, out PesapalBillingAddress? billing)
    {
        billing = null;
        if (Capabilities.WhyCannotServe(request.Instrument, request.Amount) is { } why)
        {
            return why;
        }

        var reference = request.AttemptReference;
        if (reference.Length is 0 or > MaxMerchantReferenceLength || reference.AsSpan().IndexOfAnyExcept(MerchantReferenceChars) >= 0)
        {
            return $"id: the merchant reference (attempt reference) must be 1 to {MaxMerchantReferenceLength} characters of letters, digits and - _ . :";
        }

        billing = request.Instrument switch
        {
            BankCheckoutInstrument checkout => new PesapalBillingAddress { EmailAddress = checkout.Email, PhoneNumber = Local(checkout.PhoneNumber) },
            MobileMoneyInstrument wallet => new PesapalBillingAddress { PhoneNumber = Local(wallet.PhoneNumber) },
            _ => null,
        };
        return billing is null ? $"does not take {request.Instrument.Kind}" : null;

        static string? Local(PhoneNumber? phone) => phone is { } p ? "0" + p.NationalSignificantNumber : null;
    }

    /// <summary>The configured notification id, or the IPN URL registered once (concurrent first orders share one registration).</summary>
    private async Task<(string? Id, ProviderOutcome? Failure)> GetNotificationIdAsync(string reference, PaymentInstrument instrument, CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _notificationId);
        if (known is not null)
        {
            return (known, null);
        }

        await _ipnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_notificationId is { } id)
            {
                return (id, null);
            }

            var method = _options.IpnMethod == PesapalIpnMethod.Get ? "GET" : "POST";
            var body = new PesapalRegisterIpnRequest(_options.IpnUrl!.AbsoluteUri, method);
            var reply = await SendAsync("register ipn", HttpMethod.Post, "api/URLSetup/RegisterIPN", () => JsonContent.Create(body, options: ProviderJson.WriteOptions), cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _ipnRegistrations);
            var ipnId = reply.Answer?.IpnId;
            if (reply.Failure == Failure.None && (int)reply.Status is >= 200 and <= 299 && reply.Answer is { HasError: false } && !string.IsNullOrWhiteSpace(ipnId))
            {
                Volatile.Write(ref _notificationId, ipnId);
                PesapalLog.IpnRegistered(_logger, method, ipnId);
                return (ipnId, null);
            }

            var detail = reply.Failure == Failure.None
                ? $"HTTP {((int)reply.Status).ToString(CultureInfo.InvariantCulture)}{(reply.Answer?.ErrorCode is { } c ? " " + c : string.Empty)}{(reply.Answer?.ErrorMessage is { } m ? ": " + m : string.Empty)}"
                : reply.Detail;
            var failure = reply.Failure == Failure.NoToken
                ? ProviderOutcome.NotProcessed($"no Pesapal token, the order was not sent: {reply.Detail}", "no_token")
                : ProviderOutcome.NotProcessed($"the Pesapal IPN URL could not be registered ({detail}), so the order was not sent", "ipn_registration_failed");
            Report("register ipn", reference, instrument.Masked, reply, failure);
            return (null, failure);
        }
        finally
        {
            _ipnGate.Release();
        }
    }

    internal void Report(string operation, string reference, string instrument, Reply reply, ProviderOutcome outcome)
    {
        if (reply.Failure == Failure.None)
        {
            PesapalLog.Answered(_logger, operation, reference, instrument, (int)reply.Status, outcome.Kind, outcome.Code);
        }
        else
        {
            PesapalLog.NoAnswer(_logger, operation, reference, instrument, outcome.Kind, outcome.Code, reply.Exception);
        }
    }

    /// <summary>
    /// One call through the exchange (bearer token, linked timeout, failed-before-sending rule). An HTTP 401 is Pesapal refusing
    /// the token before processing the call (its API 3.0 authentication: every call but RequestToken needs a valid bearer token,
    /// else 401): the exchange drops the token, fetches a new one and sends a new request once.
    /// </summary>
    internal async Task<Reply> SendAsync(string operation, HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var reply = await _exchange.SendWithTokenAsync(
            operation,
            () =>
            {
                var message = new HttpRequestMessage(method, _exchange.Resolve(path)) { Content = content?.Invoke() };
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return message;
            },
            moneyMoving: operation is OrderOperation or RefundOperation, // SubmitOrderRequest and RefundRequest leave once; status queries may be retried
            ProviderHttpExchange.IsUnauthorized,
            cancellationToken).ConfigureAwait(false);
        return ToReply(reply, cancellationToken);
    }

    /// <summary>The exchange's reply in this adapter's terms; a cancellation by the caller is thrown.</summary>
    private static Reply ToReply(ProviderHttpReply reply, CancellationToken cancellationToken)
    {
        if (reply.Failure == ProviderHttpFailure.Cancelled)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        return reply.Failure switch
        {
            ProviderHttpFailure.None => new Reply(reply.StatusCode, PesapalJson.TryRead(reply.Body.Span), Failure.None, null, null),
            ProviderHttpFailure.NoToken => new Reply(default, null, Failure.NoToken, reply.Reason, reply.Exception),
            ProviderHttpFailure.NotSent => new Reply(default, null, Failure.NotSent, "connection_failed", reply.Exception),
            ProviderHttpFailure.Timeout => new Reply(default, null, Failure.NoAnswer, "timeout", reply.Exception),
            _ => new Reply(default, null, Failure.NoAnswer, "connection_lost", reply.Exception),
        };
    }

    private async Task<AccessToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        PesapalLog.FetchingToken(_logger, _exchange.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var message = new HttpRequestMessage(HttpMethod.Post, _exchange.Resolve("api/Auth/RequestToken"))
        {
            Content = JsonContent.Create(new PesapalTokenRequest(_options.ConsumerKey!, _options.ConsumerSecret!), options: ProviderJson.WriteOptions),
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var reply = ToReply(await _exchange.SendAsync(message, cancellationToken).ConfigureAwait(false), cancellationToken);
        if (reply.Failure != Failure.None)
        {
            throw new HttpRequestException($"the token request failed ({reply.Detail})", reply.Exception);
        }

        var answer = reply.Answer;
        if ((int)reply.Status is < 200 or > 299 || answer is null || answer.HasError || string.IsNullOrEmpty(answer.Token))
        {
            throw new HttpRequestException(
                $"Pesapal refused the token request: HTTP {((int)reply.Status).ToString(CultureInfo.InvariantCulture)}{(answer?.ErrorCode is { } code ? " " + code : string.Empty)}{(answer?.ErrorMessage is { Length: > 0 } m ? ": " + m : string.Empty)}",
                null,
                reply.Status);
        }

        var now = _time.GetUtcNow();
        var expires = DateTimeOffset.TryParse(answer.ExpiryDate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : now.AddMinutes(5);
        if (expires <= now + _options.TokenRefreshBefore || expires > now.AddDays(1))
        {
            expires = now.AddMinutes(5); // a clock apart from Pesapal's must not make every call fetch a token, nor keep one forever
        }

        return new AccessToken(answer.Token, expires);
    }

    internal enum Failure
    {
        None,
        NoToken,
        NotSent,
        NoAnswer,
    }

    internal readonly record struct Reply(HttpStatusCode Status, PesapalAnswer? Answer, Failure Failure, string? Detail, Exception? Exception);
}
