using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Http;

/// <summary>
/// The innermost handler of every provider client, just above its primary handler: sends a request marked by
/// <see cref="SendOnce.Mark"/> (or any copy of it) at most once, and refuses the second send with an
/// <see cref="HttpRequestException"/> that adapters read as "may have been sent" (<see cref="OutcomeKind.Unknown"/>).
/// </summary>
internal sealed class SendOnceGuardHandler : DelegatingHandler
{
    private readonly string _clientName;
    private readonly ILogger _logger;

    public SendOnceGuardHandler(string clientName, HttpMessageHandler? primaryHandler, ILogger logger)
    {
        _clientName = clientName;
        PrimaryHandler = primaryHandler;
        _logger = logger;
    }

    /// <summary>Gets the primary handler the guard was put above: its inner handler must be this one, with nothing between.</summary>
    public HttpMessageHandler? PrimaryHandler { get; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Admit(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Admit(request);
        return base.Send(request, cancellationToken);
    }

    private void Admit(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SendOnce.TryAdmit(request))
        {
            return;
        }

        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        HttpChainLog.SecondSendRefused(_logger, _clientName, request.Method.Method, path);
        throw new HttpRequestException(
            HttpRequestError.Unknown,
            $"Resilience.Payments refused to send the money-moving request {request.Method.Method} {path} of HTTP client '{_clientName}' a second time: " +
            "a handler above the provider client re-sent it. The first send may have reached the provider; the attempt's outcome is unknown until a status query settles it.");
    }
}
