using System;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Resilience.Payments.Http;

/// <summary>
/// Marks the requests that move money (a charge, a collection, an order, a refund, a reversal) so that a provider client sends
/// each at most once, whatever handlers run above it. For adapters: mark the one <see cref="HttpRequestMessage"/> that initiates
/// the money-moving call; leave status queries and token requests unmarked.
/// </summary>
/// <remarks>
/// <para>
/// Every client registered with <see cref="HttpProviderGatewayBuilderExtensions.AddHttpProvider{TProvider, TOptions, TOptionsValidator}"/>
/// ends in the library's send-once guard, just above its primary handler. The guard lets a marked request through once; a second
/// send of the same message, or of a copy carrying the same mark in its <see cref="HttpRequestMessage.Options"/> or the same
/// <see cref="HttpContent"/> (what retry and hedging handlers send), is refused with an <see cref="HttpRequestException"/> for which
/// <see cref="HttpFailures.FailedBeforeSending"/> is <see langword="false"/>: the adapter then reports the attempt as
/// <see cref="OutcomeKind.Unknown"/>, and the reconciler's status query settles it.
/// </para>
/// <para>
/// An adapter that must send the call again after a definite refusal (a rejected access token) builds a new message and marks it:
/// the mark belongs to one message and its copies, not to the operation.
/// </para>
/// </remarks>
public static class SendOnce
{
    private static readonly HttpRequestOptionsKey<Marker> Key = new("Resilience.Payments.SendOnce");

    // The body of a marked request that has been sent, with its mark: a copy that dropped the mark but kept the body is still refused.
    private static readonly ConditionalWeakTable<HttpContent, Marker> SentContent = [];

    /// <summary>Marks <paramref name="request"/> as money-moving (when <paramref name="moneyMoving"/> is <see langword="true"/>): it leaves for the provider at most once.</summary>
    /// <param name="request">The request, before it is sent.</param>
    /// <param name="moneyMoving">Whether the request moves money; <see langword="false"/> leaves it unmarked (for a send path shared by a charge and a status query).</param>
    /// <returns><paramref name="request"/>.</returns>
    public static HttpRequestMessage Mark(HttpRequestMessage request, bool moneyMoving = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (moneyMoving && !request.Options.TryGetValue(Key, out _))
        {
            request.Options.Set(Key, new Marker());
        }

        return request;
    }

    /// <summary>Returns whether <paramref name="request"/> is marked as money-moving (by <see cref="Mark"/>, or as a copy of a marked request).</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when it carries the mark.</returns>
    public static bool IsMarked(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Key, out var marker) && marker is not null;
    }

    /// <summary>
    /// Lets a request through the guard: unmarked ones always, a marked one (or a copy of it) once. Returns <see langword="false"/>
    /// when it is a second send.
    /// </summary>
    internal static bool TryAdmit(HttpRequestMessage request)
    {
        Marker? marker = request.Options.TryGetValue(Key, out var own) ? own : null;
        if (marker is null && request.Content is { } body && SentContent.TryGetValue(body, out var sent))
        {
            marker = sent;
        }

        if (marker is null)
        {
            return true;
        }

        if (!marker.TryClaim())
        {
            return false;
        }

        if (request.Content is { } content)
        {
            SentContent.AddOrUpdate(content, marker);
        }

        return true;
    }

    /// <summary>One money-moving call: shared by the message and every copy of it.</summary>
    private sealed class Marker
    {
        private int _sent;

        public bool TryClaim() => Interlocked.Exchange(ref _sent, 1) == 0;
    }
}
