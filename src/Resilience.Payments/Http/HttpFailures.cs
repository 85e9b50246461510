using System;
using System.Net.Http;
using System.Net.Sockets;

namespace Resilience.Payments.Http;

/// <summary>
/// Helpers for adapters classifying HTTP failures into outcome classes. Only a failure that provably happened before the
/// request left (name resolution, connection refused, TLS handshake) may be <see cref="OutcomeKind.NotProcessed"/>;
/// everything after the request may have been sent (timeout, reset, premature end) is <see cref="OutcomeKind.Unknown"/>.
/// </summary>
public static class HttpFailures
{
    /// <summary>Returns whether the request failed before any byte of it could have reached the provider.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> for name resolution, connection establishment and TLS handshake failures.</returns>
    public static bool FailedBeforeSending(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError)
        {
            return true;
        }

        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable })
            {
                return true;
            }
        }

        return false;
    }
}
