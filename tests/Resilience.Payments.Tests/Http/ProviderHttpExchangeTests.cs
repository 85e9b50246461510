using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Http;

namespace Resilience.Payments.Tests.Http;

public class ProviderHttpExchangeTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task SendWithTokenAsync_Answer_SendsBearerTokenAndReadsTheWholeBody()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Json(HttpStatusCode.OK, """{"ok":true}""")));
        using var tokens = Tokens();
        var exchange = Exchange(handler, tokens);

        var reply = await exchange.SendWithTokenAsync("charge", Post, moneyMoving: true, ProviderHttpExchange.IsUnauthorized, CancellationToken.None);

        Assert.True(reply.Answered);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("""{"ok":true}""", Encoding.UTF8.GetString(reply.Body.Span));
        var sent = Assert.Single(handler.Requests);
        Assert.Equal("Bearer token-1", sent.Authorization);
        Assert.True(sent.Marked);
    }

    [Fact]
    public async Task SendWithTokenAsync_TokenRejectedBeforeProcessing_FetchesANewTokenAndSendsANewRequestOnce()
    {
        var handler = new StubHandler((request, _) => Task.FromResult(
            request.Headers.Authorization?.Parameter == "token-1" ? Json(HttpStatusCode.Unauthorized, "{}") : Json(HttpStatusCode.OK, "{}")));
        using var tokens = Tokens();
        var exchange = Exchange(handler, tokens);
        var built = new List<HttpRequestMessage>();

        var reply = await exchange.SendWithTokenAsync(
            "charge",
            () =>
            {
                var request = Post();
                built.Add(request);
                return request;
            },
            moneyMoving: true,
            ProviderHttpExchange.IsUnauthorized,
            CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], handler.Requests.Select(r => r.Authorization));
        Assert.Equal(2, built.Count);
        Assert.NotSame(built[0], built[1]); // a new, newly marked request: the first one is never sent twice
        Assert.All(handler.Requests, r => Assert.True(r.Marked));
        Assert.Equal(2, tokens.Fetches);
    }

    [Fact]
    public async Task SendWithTokenAsync_TokenRejectedTwice_ReturnsTheSecondRejectionWithoutAThirdSend()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Json(HttpStatusCode.Unauthorized, "{}")));
        using var tokens = Tokens();
        var exchange = Exchange(handler, tokens);

        var reply = await exchange.SendWithTokenAsync("charge", Post, moneyMoving: true, ProviderHttpExchange.IsUnauthorized, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task SendWithTokenAsync_RejectionTheAdapterDoesNotRecognise_IsReturnedAsIs()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Json(HttpStatusCode.Unauthorized, "{}")));
        using var tokens = Tokens();
        var exchange = Exchange(handler, tokens);

        var reply = await exchange.SendWithTokenAsync("charge", Post, moneyMoving: true, static _ => false, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SendWithTokenAsync_NoToken_IsNoTokenAndNothingWasSent()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}")));
        using var tokens = new AccessTokenCache(_ => throw new HttpRequestException("OAuth failed: HTTP 500."), _time);
        var exchange = Exchange(handler, tokens);

        var reply = await exchange.SendWithTokenAsync("charge", Post, moneyMoving: true, ProviderHttpExchange.IsUnauthorized, CancellationToken.None);

        Assert.Equal(ProviderHttpFailure.NoToken, reply.Failure);
        Assert.False(reply.MayHaveBeenSent);
        Assert.Contains("OAuth failed", reply.Reason, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SendWithTokenAsync_CallerCancelsWhileTheTokenIsFetched_ThrowsAndSendsNothing()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}")));
        using var cts = new CancellationTokenSource();
        using var tokens = new AccessTokenCache(
            async ct =>
            {
                await cts.CancelAsync();
                ct.ThrowIfCancellationRequested();
                return new AccessToken("t", DateTimeOffset.MaxValue);
            },
            _time);
        var exchange = Exchange(handler, tokens);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => exchange.SendWithTokenAsync("charge", Post, moneyMoving: true, ProviderHttpExchange.IsUnauthorized, cts.Token));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SendAsync_ConnectionRefused_IsNotSent()
    {
        var handler = new StubHandler((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
        using var request = Post();

        var reply = await Exchange(handler).SendAsync(request, CancellationToken.None);

        Assert.Equal(ProviderHttpFailure.NotSent, reply.Failure);
        Assert.False(reply.MayHaveBeenSent);
    }

    [Fact]
    public async Task SendAsync_ConnectionResetAfterSending_IsConnectionLostAndMayHaveBeenSent()
    {
        var handler = new StubHandler((_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        using var request = Post();

        var reply = await Exchange(handler).SendAsync(request, CancellationToken.None);

        Assert.Equal(ProviderHttpFailure.ConnectionLost, reply.Failure);
        Assert.True(reply.MayHaveBeenSent);
    }

    [Fact]
    public async Task SendAsync_NoAnswerWithinTheRequestTimeout_IsTimeoutAndMayHaveBeenSent()
    {
        var handler = new StubHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Json(HttpStatusCode.OK, "{}");
        });
        using var request = Post();

        var reply = await Exchange(handler, timeout: TimeSpan.FromMilliseconds(50)).SendAsync(request, CancellationToken.None);

        Assert.Equal(ProviderHttpFailure.Timeout, reply.Failure);
        Assert.True(reply.MayHaveBeenSent);
        Assert.Equal("no answer within 0.05 s", reply.Reason);
    }

    [Fact]
    public async Task SendAsync_BodyCutOff_IsAnswerCutOff()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream()) }));
        using var request = Post();

        var reply = await Exchange(handler).SendAsync(request, CancellationToken.None);

        Assert.Equal(ProviderHttpFailure.AnswerCutOff, reply.Failure);
        Assert.True(reply.MayHaveBeenSent);
    }

    [Fact]
    public async Task SendAsync_CallerCancelsAfterSending_IsCancelledAndNotThrown()
    {
        using var cts = new CancellationTokenSource();
        var handler = new StubHandler(async (_, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return Json(HttpStatusCode.OK, "{}");
        });
        using var request = Post();

        var reply = await Exchange(handler).SendAsync(request, cts.Token);

        Assert.Equal(ProviderHttpFailure.Cancelled, reply.Failure);
        Assert.True(reply.MayHaveBeenSent);
        Assert.ThrowsAny<OperationCanceledException>(() => reply.EnsureAnswered(cts.Token));
    }

    [Fact]
    public async Task EnsureAnswered_NoAnswer_ThrowsHttpRequestException()
    {
        var handler = new StubHandler((_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "ended"));
        using var request = Post();

        var reply = await Exchange(handler).SendAsync(request, CancellationToken.None);

        Assert.Throws<HttpRequestException>(() => reply.EnsureAnswered(CancellationToken.None));
    }

    [Fact]
    public void Constructor_NonPositiveTimeout_Throws()
    {
        using var client = new HttpClient();
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProviderHttpExchange(client, "p", null, TimeSpan.Zero));
    }

    [Fact]
    public async Task SendWithTokenAsync_WithoutTokenCache_Throws()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Exchange(handler).SendWithTokenAsync("x", Post, false, ProviderHttpExchange.IsUnauthorized, CancellationToken.None));
    }

    [Theory]
    [InlineData(null, "https://cybqa.pesapal.com/pesapalv3", "https://cybqa.pesapal.com/pesapalv3/api/Auth/RequestToken")]
    [InlineData(null, "https://cybqa.pesapal.com/pesapalv3/", "https://cybqa.pesapal.com/pesapalv3/api/Auth/RequestToken")]
    [InlineData("http://127.0.0.1:5000", "https://cybqa.pesapal.com/pesapalv3/", "http://127.0.0.1:5000/api/Auth/RequestToken")]
    public void Resolve_ClientAddressWinsAndPathsResolveBelowIt(string? clientAddress, string optionsAddress, string expected)
    {
        using var client = new HttpClient { BaseAddress = clientAddress is null ? null : new Uri(clientAddress) };
        var exchange = new ProviderHttpExchange(client, "pesapal", new Uri(optionsAddress), TimeSpan.FromSeconds(1));

        Assert.Equal(new Uri(expected), exchange.Resolve("api/Auth/RequestToken"));
    }

    private static HttpRequestMessage Post() => new(HttpMethod.Post, "https://provider.example/charge") { Content = new StringContent("{}") };

    private static HttpResponseMessage Json(HttpStatusCode status, string body) => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static ProviderHttpExchange Exchange(StubHandler handler, AccessTokenCache? tokens = null, TimeSpan? timeout = null) =>
        new(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, "provider", null, timeout ?? TimeSpan.FromSeconds(30), tokens);

    private AccessTokenCache Tokens()
    {
        var issued = 0;
        return new AccessTokenCache(_ => Task.FromResult(new AccessToken($"token-{Interlocked.Increment(ref issued)}", _time.GetUtcNow().AddHours(1))), _time);
    }

    private sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public List<(string? Authorization, bool Marked)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((request.Headers.Authorization?.ToString(), SendOnce.IsMarked(request)));
            }

            return answer(request, cancellationToken);
        }
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("connection reset while reading the body");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
