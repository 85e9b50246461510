using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.Http;

/// <summary>
/// The names of the provider clients (registered by <c>AddHttpProvider</c>) and the library's ownership of their handler chains:
/// the <see cref="IHttpMessageHandlerBuilderFilter"/> that, after every other configuration of a provider client, removes re-sending
/// handlers and puts the <see cref="SendOnceGuardHandler"/> last; and the check, when a provider's client is created, that the chain
/// it gets is guarded.
/// </summary>
/// <remarks>
/// Re-sending handlers are recognised by type name, so that the core does not depend on the packages that define them:
/// <c>Microsoft.Extensions.Http.Resilience</c>'s <c>ResilienceHandler</c> (<c>AddStandardResilienceHandler</c>,
/// <c>AddStandardHedgingHandler</c>, <c>AddResilienceHandler</c>) and <c>ResilienceHttpMessageHandler</c>, and
/// <c>Microsoft.Extensions.Http.Polly</c>'s <c>PolicyHttpMessageHandler</c> (Polly v7 <c>AddPolicyHandler</c>,
/// <c>AddTransientHttpErrorPolicy</c>), and any type derived from them. A re-sending handler of another type is stopped by the guard.
/// </remarks>
internal sealed class ProviderHttpClients
{
    private static readonly string[] ResendingHandlerTypes =
    [
        "Microsoft.Extensions.Http.Resilience.ResilienceHandler",
        "Microsoft.Extensions.Http.Resilience.ResilienceHttpMessageHandler",
        "Microsoft.Extensions.Http.PolicyHttpMessageHandler",
    ];

    private const string LifetimeTrackingHandler = "Microsoft.Extensions.Http.LifetimeTrackingHttpMessageHandler";

    private readonly ConcurrentDictionary<string, byte> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _removed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _logged = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="clientName"/> as a provider client in <paramref name="services"/>, with the filter running after every other one.</summary>
    public static void Add(IServiceCollection services, string clientName)
    {
        var clients = services.Select(static d => d.ServiceType == typeof(ProviderHttpClients) ? d.ImplementationInstance as ProviderHttpClients : null).FirstOrDefault(static c => c is not null);
        if (clients is null)
        {
            clients = new ProviderHttpClients();
            services.AddSingleton(clients);
        }

        clients._names.TryAdd(clientName, 0);

        // Filters wrap one another in registration order: the first registered is the outermost, and its work after next(builder)
        // runs after every other filter's and every builder action (the host's ConfigureHttpClientDefaults, the application's
        // AddHttpClient(name).Add... calls, logging). Kept first, whenever another adapter or filter was added since.
        var existing = services.Where(static d => d.ServiceType == typeof(IHttpMessageHandlerBuilderFilter) && d.ImplementationInstance is Filter).ToList();
        foreach (var descriptor in existing)
        {
            services.Remove(descriptor);
        }

        services.Insert(0, ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter>(new Filter(clients)));
    }

    /// <summary>
    /// Creates the provider's <see cref="HttpClient"/> over the handler chain of <paramref name="clientName"/>, after checking that the
    /// chain ends in the send-once guard and holds no re-sending handler; logs the handlers the application kept, once per client.
    /// </summary>
    /// <exception cref="InvalidOperationException">The chain cannot be guarded.</exception>
    public static HttpClient CreateClient(IServiceProvider services, string clientName)
    {
        var handler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(clientName);
        var clients = services.GetService<ProviderHttpClients>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(HttpProviderGatewayBuilderExtensions).FullName!) ?? NullLogger.Instance;
        var kept = Check(clientName, handler);
        if (clients is not null && clients._logged.TryAdd(clientName, 0))
        {
            HttpChainLog.Guarded(
                logger,
                clientName,
                kept.Handlers.Count == 0 ? "(none)" : string.Join(", ", kept.Handlers),
                kept.Primary,
                clients._removed.TryGetValue(clientName, out var removed) ? removed : "(none)");
        }

        // What DefaultHttpClientFactory.CreateClient does, over the handler just checked.
        var client = new HttpClient(handler, disposeHandler: false);
        foreach (var action in services.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(clientName).HttpClientActions)
        {
            action(client);
        }

        return client;
    }

    /// <summary>Checks a provider client's chain; returns the handlers above the guard (outermost first) and the primary handler.</summary>
    /// <exception cref="InvalidOperationException">The chain has no guard, more than one, a handler between the guard and the primary handler, or a re-sending handler.</exception>
    internal static (List<string> Handlers, string Primary) Check(string clientName, HttpMessageHandler handler)
    {
        var above = new List<string>();
        SendOnceGuardHandler? guard = null;
        for (var current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            var type = current.GetType();
            if (IsResending(type))
            {
                throw Unguarded(clientName, $"it holds {type.FullName}, added after the library's handler filter ran (by an IHttpMessageHandlerBuilderFilter registered before it, or a custom HttpMessageHandlerBuilder)");
            }

            if (current is SendOnceGuardHandler found)
            {
                if (guard is not null)
                {
                    throw Unguarded(clientName, "it holds two send-once guards");
                }

                guard = found;
            }
            else if (guard is null && current is DelegatingHandler && type.FullName != LifetimeTrackingHandler)
            {
                above.Add(type.FullName ?? type.Name);
            }
        }

        if (guard is null)
        {
            throw Unguarded(clientName, "it has no send-once guard (its handler was not built by IHttpClientFactory's default builder with the library's filter)");
        }

        if (!ReferenceEquals(guard.InnerHandler, guard.PrimaryHandler) || guard.InnerHandler is null)
        {
            throw Unguarded(clientName, "a handler was put between the send-once guard and the primary handler after the library's filter ran");
        }

        var primary = guard.InnerHandler.GetType();
        return (above, primary.FullName ?? primary.Name);
    }

    /// <summary>Returns whether a handler of <paramref name="type"/> re-sends requests (it is, or derives from, a known retry/hedging handler).</summary>
    internal static bool IsResending(Type type)
    {
        for (var t = type; t is not null && t != typeof(DelegatingHandler); t = t.BaseType)
        {
            if (t.FullName is { } name && ResendingHandlerTypes.Contains(name, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static InvalidOperationException Unguarded(string clientName, string reason) => new(
        $"The HTTP handler chain of payment provider client '{clientName}' cannot be guarded: {reason}. Resilience.Payments owns the handler " +
        "chain of its provider clients so that no charge is ever sent twice (see docs/http-clients.md).");

    private void Guard(HttpMessageHandlerBuilder builder, string clientName)
    {
        var removed = new List<string>();
        var handlers = builder.AdditionalHandlers;
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            var type = handlers[i].GetType();
            if (handlers[i] is SendOnceGuardHandler)
            {
                handlers.RemoveAt(i);
            }
            else if (IsResending(type))
            {
                removed.Insert(0, type.FullName ?? type.Name);
                handlers.RemoveAt(i);
            }
        }

        _removed[clientName] = removed.Count == 0 ? "(none)" : string.Join(", ", removed);
        var logger = builder.Services.GetService<ILoggerFactory>()?.CreateLogger(typeof(HttpProviderGatewayBuilderExtensions).FullName!) ?? NullLogger.Instance;
        handlers.Add(new SendOnceGuardHandler(clientName, builder.PrimaryHandler, logger));
    }

    /// <summary>Runs after everything else configured a handler chain; guards the provider clients' chains.</summary>
    private sealed class Filter(ProviderHttpClients clients) : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
        {
            ArgumentNullException.ThrowIfNull(next);
            return builder =>
            {
                next(builder);
                if (builder.Name is { } name && clients._names.ContainsKey(name))
                {
                    clients.Guard(builder, name);
                }
            };
        }
    }
}
