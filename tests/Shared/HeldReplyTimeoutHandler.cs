using System.Net.Http;

namespace Resilience.Payments.TestSupport;

/// <summary>
/// Gives up on one kind of request alone (the money-moving one whose reply a simulator holds back) after a short time, as a client
/// timeout would. Every other request (access tokens, status queries, statements) keeps the adapter's generous timeout, so a loaded CI
/// machine cannot turn a slow token or status answer into a timeout the test did not ask for.
/// </summary>
/// <param name="pathEnding">The end of the held request's path, for example <c>/stkpush/v1/processrequest</c>.</param>
/// <param name="timeout">How long the held request is waited for.</param>
internal sealed class HeldReplyTimeoutHandler(string pathEnding, TimeSpan timeout) : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>A client for <paramref name="baseAddress"/> that gives up only on the held request.</summary>
    /// <param name="baseAddress">The simulator's address.</param>
    /// <param name="pathEnding">The end of the held request's path.</param>
    /// <param name="timeout">How long the held request is waited for; 1 s unless told.</param>
    /// <returns>The client; every other request has 15 s.</returns>
    public static HttpClient Client(Uri? baseAddress, string pathEnding, TimeSpan? timeout = null) =>
        new(new HeldReplyTimeoutHandler(pathEnding, timeout ?? TimeSpan.FromSeconds(1))) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath.EndsWith(pathEnding, StringComparison.OrdinalIgnoreCase) != true)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        held.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, held.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // What HttpClient throws when its own Timeout fires.
            throw new TaskCanceledException($"No answer to {request.RequestUri.AbsolutePath} within {timeout.TotalSeconds} s", new TimeoutException());
        }
    }
}
