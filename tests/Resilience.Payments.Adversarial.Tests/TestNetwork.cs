using System.Net.Http;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>
/// The network between the application and a provider, as the application's primary handler (which it may set by the client's
/// name): real loopback HTTP, and when <see cref="DropChargeReplies"/> is set, the provider's reply to a charge is lost after the
/// provider took it (the connection is reset on the way back), the way the Daraja of issue 11 charged and then dropped the reply.
/// </summary>
internal sealed class TestNetwork
{
    public TestNetwork(string chargePath) => ChargePath = chargePath;

    public string ChargePath { get; }

    public bool DropChargeReplies { get; set; }

    public HttpMessageHandler CreatePrimaryHandler() => new Handler(this);

    private sealed class Handler(TestNetwork network) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (network.DropChargeReplies && request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == network.ChargePath)
            {
                response.Dispose();
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection was reset after the charge was sent: its reply was lost.");
            }

            return response;
        }
    }
}

/// <summary>
/// A home-made retry handler the library cannot recognise by type, as an application might add by the client's name: it sends the
/// same request again (up to <paramref name="retries"/> times) on a 5xx answer or a failed exchange.
/// </summary>
internal sealed class NaiveRetryHandler(int retries = 3) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if ((int)response.StatusCode < 500 || attempt == retries)
                {
                    return response;
                }

                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < retries)
            {
            }
        }
    }
}

/// <summary>A retry handler that sends a copy of the request (new message, same options and body), the way hedging handlers do.</summary>
internal sealed class CloningRetryHandler(bool copyOptions) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            (await base.SendAsync(request, cancellationToken)).Dispose();
        }
        catch (HttpRequestException)
        {
        }

        using var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
        if (copyOptions)
        {
            foreach (var option in request.Options)
            {
                ((IDictionary<string, object?>)copy.Options).Add(option.Key, option.Value);
            }
        }

        return await base.SendAsync(copy, cancellationToken);
    }
}
