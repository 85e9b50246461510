using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>
/// The callback endpoints, one per registered <see cref="IPaymentCallbackHandler"/>, built at first use (when routing first
/// reads them, or when the host starts: see <see cref="CallbackEndpointsStartup"/>), not while endpoints are mapped: the
/// handlers and the gateway depend on options that are validated when the host starts, and a failure must surface there,
/// reported with every other one, not as a resolution failure from <c>MapPaymentCallbacks</c>.
/// </summary>
internal sealed class CallbackEndpointDataSource : EndpointDataSource
{
    private static readonly string[] Methods = ["POST", "GET"];
    private static readonly CancellationChangeToken NoChange = new(CancellationToken.None);

    private readonly IServiceProvider _services;
    private readonly PaymentCallbackOptions _options;
    private readonly IUnmatchedCallbackSink _sink;
    private readonly Lazy<IReadOnlyList<Endpoint>> _endpoints;

    public CallbackEndpointDataSource(IServiceProvider services, PaymentCallbackOptions options, IUnmatchedCallbackSink sink)
    {
        _services = services;
        _options = options;
        _sink = sink;
        _endpoints = new Lazy<IReadOnlyList<Endpoint>>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public override IReadOnlyList<Endpoint> Endpoints => _endpoints.Value;

    /// <inheritdoc />
    public override IChangeToken GetChangeToken() => NoChange;

    /// <exception cref="InvalidOperationException">Two handlers share a provider name, or a name cannot be a route segment.</exception>
    private List<Endpoint> Build()
    {
        var handlers = _services.GetServices<IPaymentCallbackHandler>().ToList();
        var duplicate = handlers.GroupBy(static h => h.Provider, StringComparer.OrdinalIgnoreCase).FirstOrDefault(static g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two callback handlers are registered for provider '{duplicate.Key}'.");
        }

        foreach (var provider in handlers.Select(static h => h.Provider))
        {
            if (string.IsNullOrEmpty(provider) || !provider.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new InvalidOperationException($"The callback handler's provider name '{provider}' cannot be a route segment (A-Z a-z 0-9 - _ .).");
            }
        }

        var gateway = _services.GetRequiredService<IPaymentGateway>();
        var time = _services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = _services.GetService<ILoggerFactory>()?.CreateLogger("Resilience.Payments.AspNetCore.PaymentCallbacks") ?? NullLogger.Instance;
        var endpoints = new List<Endpoint>(handlers.Count);
        foreach (var handler in handlers)
        {
            var endpoint = new CallbackEndpoint(handler, gateway, _sink, _options, time, logger);
            var pattern = _options.SecretPathSegment is null ? handler.Provider : $"{{{CallbackEndpoint.SecretRouteValue}}}/{handler.Provider}";
            var builder = new RouteEndpointBuilder(endpoint.InvokeAsync, RoutePatternFactory.Parse(pattern), order: 0)
            {
                DisplayName = $"Payment callback: {handler.Provider}",
                ApplicationServices = _services,
            };
            builder.Metadata.Add(new HttpMethodMetadata(Methods));
            builder.Metadata.Add(new ExcludeFromDescriptionAttribute());
            endpoints.Add(builder.Build());
        }

        return endpoints;
    }
}
