using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// One provider's callback endpoint: secret segment, source allow-list, body limit, handler, then every update through the
/// gateway. Nothing reaches the gateway unless every check passed and the handler accepted the callback.
/// </summary>
internal sealed class CallbackEndpoint
{
    public const string SecretRouteValue = "paymentCallbackSecret";

    private readonly IPaymentCallbackHandler _handler;
    private readonly IPaymentGateway _gateway;
    private readonly IUnmatchedCallbackSink _sink;
    private readonly SourceAllowList? _allowList;
    private readonly byte[]? _secret;
    private readonly long _maxBodyBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CallbackEndpoint(
        IPaymentCallbackHandler handler,
        IPaymentGateway gateway,
        IUnmatchedCallbackSink sink,
        PaymentCallbackOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _handler = handler;
        _gateway = gateway;
        _sink = sink;
        _time = time;
        _logger = logger;
        _maxBodyBytes = options.MaxBodyBytes;
        _secret = options.SecretPathSegment is { } secret ? Encoding.UTF8.GetBytes(secret) : null;
        var sources = options.ProviderAllowedSources.TryGetValue(handler.Provider, out var own) ? own : options.AllowedSources;
        _allowList = sources.Count > 0 ? SourceAllowList.Create(sources) : null;
    }

    public string Provider => _handler.Provider;

    public async Task InvokeAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        if (_secret is not null && !SecretMatches(context.Request.RouteValues[SecretRouteValue] as string))
        {
            CallbackLog.WrongSecret(_logger, Provider);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (_allowList is not null && !_allowList.Contains(context.Connection.RemoteIpAddress))
        {
            CallbackLog.SourceNotAllowed(_logger, Provider, context.Connection.RemoteIpAddress);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context.Request, _maxBodyBytes, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            return; // the caller went away
        }
        catch (BadHttpRequestException ex)
        {
            context.Response.StatusCode = ex.StatusCode; // a broken or over-long request body, as the server judged it
            return;
        }

        if (body is null)
        {
            CallbackLog.TooLarge(_logger, Provider, _maxBodyBytes);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var callback = new PaymentCallback
        {
            Method = context.Request.Method,
            Body = body,
            Headers = Flatten(context.Request.Headers),
            Query = Flatten(context.Request.Query),
        };

        PaymentCallbackResult result;
        try
        {
            result = await _handler.HandleAsync(callback, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // a handler that breaks its never-throw contract must not take the endpoint down; the provider retries on 500
        catch (Exception ex)
#pragma warning restore CA1031
        {
            CallbackLog.Failed(_logger, ex, Provider);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        switch (result.Verdict)
        {
            case PaymentCallbackVerdict.Malformed or PaymentCallbackVerdict.Unauthorized:
                CallbackLog.Rejected(_logger, Provider, result.Verdict, result.Reason, result.Reply.StatusCode);
                break;
            case PaymentCallbackVerdict.Ignored:
                CallbackLog.Ignored(_logger, Provider, result.Reason);
                break;
            case PaymentCallbackVerdict.Accepted:
                if (!await ApplyAsync(result).ConfigureAwait(false))
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return;
                }

                break;
        }

        await WriteReplyAsync(context.Response, result.Reply, aborted).ConfigureAwait(false);
    }

    /// <summary>Reads the whole body, or returns <see langword="null"/> as soon as it is longer than <paramref name="limit"/>.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, chunk.Length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static Dictionary<string, string> Flatten(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var flat = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            flat[key] = value.ToString(); // several values are joined with commas
        }

        return flat;
    }

    private static async Task WriteReplyAsync(HttpResponse response, PaymentCallbackReply reply, CancellationToken cancellationToken)
    {
        response.StatusCode = reply.StatusCode;
        if (reply.Body is not null)
        {
            response.ContentType = reply.ContentType;
            try
            {
                await response.WriteAsync(reply.Body, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // the caller went away; what was applied stays applied
            }
        }
    }

    private bool SecretMatches(string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _secret);

    /// <summary>Applies every update; returns <see langword="false"/> when the gateway failed (the provider should retry).</summary>
    private async Task<bool> ApplyAsync(PaymentCallbackResult result)
    {
        var references = string.Join(',', result.References);
        if (result.RefundUpdates.Count > 0 && !await ApplyRefundsAsync(result, references).ConfigureAwait(false))
        {
            return false;
        }

        if (result.Updates.Count == 0)
        {
            if (result.RefundUpdates.Count > 0)
            {
                return true;
            }

            CallbackLog.Unconfirmed(_logger, Provider, references, result.Reason);
            return true;
        }

        foreach (var update in result.Updates)
        {
            if (!string.Equals(update.Provider, Provider, StringComparison.OrdinalIgnoreCase))
            {
                CallbackLog.ForeignUpdate(_logger, Provider, update.Provider);
                continue;
            }

            ProviderUpdateResult applied;
            try
            {
                // Not the request's token: once the gateway starts recording a provider's report, it finishes (idempotent anyway).
                applied = await _gateway.ApplyProviderUpdateAsync(update, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a store failure becomes a 500, so that the provider delivers the callback again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                CallbackLog.Failed(_logger, ex, Provider);
                return false;
            }

            CallbackLog.Applied(_logger, Provider, references, applied.Disposition, applied.Payment?.Status);
            if (applied.Disposition == ProviderUpdateDisposition.UnknownReference)
            {
                await RecordUnmatchedAsync(update, result.References).ConfigureAwait(false);
            }
        }

        return true;
    }

    /// <summary>Applies every refund update; returns <see langword="false"/> when the gateway failed (the provider should retry).</summary>
    private async Task<bool> ApplyRefundsAsync(PaymentCallbackResult result, string references)
    {
        foreach (var update in result.RefundUpdates)
        {
            if (!string.Equals(update.Provider, Provider, StringComparison.OrdinalIgnoreCase))
            {
                CallbackLog.ForeignUpdate(_logger, Provider, update.Provider);
                continue;
            }

            RefundUpdateResult applied;
            try
            {
                applied = await _gateway.ApplyRefundUpdateAsync(update, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a store failure becomes a 500, so that the provider delivers the callback again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                CallbackLog.Failed(_logger, ex, Provider);
                return false;
            }

            CallbackLog.RefundApplied(_logger, Provider, references, applied.Disposition, applied.Refund?.Status);
            if (applied.Disposition == ProviderUpdateDisposition.UnknownReference)
            {
                await RecordUnmatchedAsync(
                    new ProviderUpdate { Provider = update.Provider, AttemptReference = update.RefundReference, ProviderReference = update.ProviderReference ?? update.ChargeProviderReference, Outcome = update.Outcome },
                    result.References).ConfigureAwait(false);
            }
        }

        return true;
    }

    private async Task RecordUnmatchedAsync(ProviderUpdate update, IReadOnlyList<string> references)
    {
        CallbackLog.Unmatched(_logger, Provider, update.AttemptReference, update.ProviderReference, update.Outcome.Kind);
        var unmatched = new UnmatchedCallback
        {
            Provider = Provider,
            AttemptReference = update.AttemptReference,
            ProviderReference = update.ProviderReference,
            Outcome = update.Outcome.Kind,
            Receipt = update.Outcome.Receipt,
            References = references.Count > 0 ? references.ToArray() : new[] { update.AttemptReference, update.ProviderReference }.OfType<string>().Distinct().ToArray(),
            ReceivedAt = _time.GetUtcNow(),
        };
        try
        {
            await _sink.PublishAsync(unmatched, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the provider still gets its reply; the warning above keeps the record
        catch (Exception ex)
#pragma warning restore CA1031
        {
            CallbackLog.SinkFailed(_logger, ex, Provider);
        }
    }
}
