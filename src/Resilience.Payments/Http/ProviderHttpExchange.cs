using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Resilience.Payments.Http;

/// <summary>
/// The HTTP exchange every adapter uses for its calls to the provider: a bearer token from an <see cref="AccessTokenCache"/>, one
/// timeout rule (a linked cancellation token per call, covering the answer's body), money-moving requests marked with
/// <see cref="SendOnce"/>, the failed-before-sending rule, and transport failures classified once (<see cref="ProviderHttpFailure"/>).
/// The adapter builds the requests and maps the answers; it never catches a transport exception itself.
/// </summary>
/// <remarks>
/// <para>
/// The failed-before-sending rule: only a call that provably never left (no token, name resolution, connection refused, TLS
/// handshake) is <see cref="ProviderHttpReply.MayHaveBeenSent"/> <see langword="false"/>, which an adapter may report as
/// <see cref="OutcomeKind.NotProcessed"/>; a timeout, a dropped connection, a body cut off or a cancellation after sending may
/// have reached the provider, and a money-moving call that got one of them is <see cref="OutcomeKind.Unknown"/>.
/// </para>
/// <para>
/// A money-moving request is never re-sent. <see cref="SendWithTokenAsync"/> sends a second request only when the provider
/// answered that the token was rejected <em>before processing</em> (the adapter's <c>tokenRejected</c> test, with its documented
/// source beside it): a new token is fetched and a new request, marked anew, is built and sent once.
/// </para>
/// <para>
/// The provider's client should have no timeout of its own (<see cref="Timeout.InfiniteTimeSpan"/>): the exchange times each
/// call out after <see cref="RequestTimeout"/>. A client timeout that fires anyway is classified like the exchange's own.
/// </para>
/// </remarks>
public sealed class ProviderHttpExchange
{
    /// <summary>The request timeout adapters default to: 30 seconds.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest request timeout adapters accept: 5 minutes.</summary>
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly AccessTokenCache? _tokens;
    private readonly string _provider;
    private readonly ILogger _logger;

    /// <summary>Creates the exchange.</summary>
    /// <param name="httpClient">The provider's client (from <c>AddHttpProvider</c>, whose chain sends a marked request at most once).</param>
    /// <param name="provider">The provider's name, for logs.</param>
    /// <param name="baseAddress">
    /// The provider's address from the adapter's options, used when the client has no <see cref="HttpClient.BaseAddress"/> of its own
    /// (the client's wins); <see langword="null"/> when requests carry absolute URLs.
    /// </param>
    /// <param name="requestTimeout">How long one call may take, its answer read in full.</param>
    /// <param name="tokens">The provider's token cache, for <see cref="SendWithTokenAsync"/>; <see langword="null"/> for a provider without OAuth.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    public ProviderHttpExchange(HttpClient httpClient, string provider, Uri? baseAddress, TimeSpan requestTimeout, AccessTokenCache? tokens = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);
        _http = httpClient;
        _provider = provider;
        var address = httpClient.BaseAddress ?? baseAddress;
        BaseAddress = address is null || address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        RequestTimeout = requestTimeout;
        _tokens = tokens;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Gets the provider's address, ending in <c>/</c> so that a relative path is resolved below it (a simulator or a sandbox under
    /// a path, such as <c>https://cybqa.pesapal.com/pesapalv3/</c>): the client's <see cref="HttpClient.BaseAddress"/>, else the one
    /// given to the constructor; <see langword="null"/> when neither was set.
    /// </summary>
    public Uri? BaseAddress { get; }

    /// <summary>Gets how long one call may take, its answer read in full.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>Returns the absolute URL of <paramref name="path"/> below <see cref="BaseAddress"/>.</summary>
    /// <param name="path">A path relative to the provider's address, without a leading <c>/</c> (<c>mpesa/stkpush/v1/processrequest</c>).</param>
    /// <returns>The URL.</returns>
    /// <exception cref="InvalidOperationException">The exchange has no <see cref="BaseAddress"/>.</exception>
    public Uri Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Uri(BaseAddress ?? throw new InvalidOperationException("The provider's client has no base address."), path);
    }

    /// <summary>The usual token-rejected test: the provider answered HTTP 401 Unauthorized.</summary>
    /// <param name="reply">The answer.</param>
    /// <returns>Whether the answer is a 401.</returns>
    public static bool IsUnauthorized(ProviderHttpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Answered && reply.StatusCode == HttpStatusCode.Unauthorized;
    }

    /// <summary>
    /// Sends a call with a bearer token: gets a token (a failure is <see cref="ProviderHttpFailure.NoToken"/>), builds the request
    /// with <paramref name="createRequest"/>, marks it with <see cref="SendOnce.Mark"/> when <paramref name="moneyMoving"/>, and
    /// sends it with <see cref="SendAsync"/>. When <paramref name="tokenRejected"/> says the provider refused the token before
    /// processing the call, the token is dropped, a new one fetched, and a new request built and sent, once.
    /// </summary>
    /// <param name="operation">The call's name, for logs (<c>stk push</c>, <c>collection</c>).</param>
    /// <param name="createRequest">Builds the request (called again for the one retry); the exchange sets its <c>Authorization</c> header.</param>
    /// <param name="moneyMoving">Whether the request moves money (it then leaves at most once).</param>
    /// <param name="tokenRejected">
    /// Whether an answer says the token was rejected before the call was processed, so that sending it again with a new token
    /// cannot move money twice; <see cref="IsUnauthorized"/> for most providers. Document the provider's source beside it.
    /// </param>
    /// <param name="cancellationToken">Cancellation; when it fires while the token is fetched, nothing was sent and it is thrown.</param>
    /// <returns>The answer, or why there was none.</returns>
    /// <exception cref="InvalidOperationException">The exchange has no token cache.</exception>
    public async Task<ProviderHttpReply> SendWithTokenAsync(
        string operation,
        Func<HttpRequestMessage> createRequest,
        bool moneyMoving,
        Func<ProviderHttpReply, bool> tokenRejected,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        ArgumentNullException.ThrowIfNull(tokenRejected);
        var tokens = _tokens ?? throw new InvalidOperationException("This exchange has no access token cache.");
        for (var attempt = 1; ; attempt++)
        {
            string token;
            try
            {
                token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw; // nothing was sent
            }
#pragma warning disable CA1031 // any failure to get a token means the call was never sent
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return ProviderHttpReply.Failed(ProviderHttpFailure.NoToken, ex is OperationCanceledException ? "the token request timed out" : ex.Message, ex);
            }

            using var request = createRequest();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            SendOnce.Mark(request, moneyMoving);
            var reply = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (attempt == 1 && reply.Answered && tokenRejected(reply))
            {
                HttpChainLog.TokenRejected(_logger, _provider, operation);
                tokens.Invalidate(token);
                continue; // refused before processing: safe to send once more with a new token
            }

            return reply;
        }
    }

    /// <summary>
    /// Sends one request as it is (no token, no mark added) within <see cref="RequestTimeout"/> and reads the whole answer. Never
    /// throws for a transport failure or a cancellation: the reply says which it was.
    /// </summary>
    /// <param name="request">The request; the caller disposes it.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The answer, or why there was none.</returns>
    public async Task<ProviderHttpReply> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (HttpFailures.FailedBeforeSending(ex))
        {
            return ProviderHttpReply.Failed(ProviderHttpFailure.NotSent, ex.Message, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return ProviderHttpReply.Failed(ProviderHttpFailure.ConnectionLost, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderHttpReply.Failed(ProviderHttpFailure.Timeout, NoAnswerWithin(), ex);
        }
        catch (OperationCanceledException ex)
        {
            return ProviderHttpReply.Failed(ProviderHttpFailure.Cancelled, "the attempt was cancelled after the request may have been sent", ex);
        }

        using (response)
        {
            try
            {
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                return ProviderHttpReply.Answer(response.StatusCode, body);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return ProviderHttpReply.Failed(ProviderHttpFailure.AnswerCutOff, ex is OperationCanceledException ? NoAnswerWithin() : ex.Message, ex);
            }
            catch (OperationCanceledException ex)
            {
                return ProviderHttpReply.Failed(ProviderHttpFailure.Cancelled, "the attempt was cancelled while the answer was read", ex);
            }
        }
    }

    private string NoAnswerWithin() => $"no answer within {RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
}
