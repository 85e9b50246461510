using Microsoft.Extensions.Logging;

namespace Resilience.Payments.Http;

/// <summary>Log messages about the provider clients: their handler chains and their exchanges (event ids 100-109 of the core's range).</summary>
internal static partial class HttpChainLog
{
    [LoggerMessage(100, LogLevel.Information, "Payment provider HTTP client '{ClientName}': handlers kept {Handlers} above the send-once guard and the primary handler {PrimaryHandler}; re-sending handlers removed: {Removed}")]
    public static partial void Guarded(ILogger logger, string clientName, string handlers, string primaryHandler, string removed);

    [LoggerMessage(101, LogLevel.Warning, "Payment provider HTTP client '{ClientName}': refused to send the money-moving request {Method} {Path} a second time (a handler above the client re-sent it); the attempt's outcome is unknown")]
    public static partial void SecondSendRefused(ILogger logger, string clientName, string method, string path);

    [LoggerMessage(102, LogLevel.Warning, "Payment provider '{Provider}': access token rejected before processing on {Operation}; fetching a new one and sending once more")]
    public static partial void TokenRejected(ILogger logger, string provider, string operation);
}
