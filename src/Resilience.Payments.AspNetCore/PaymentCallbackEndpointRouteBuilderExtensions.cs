using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Resilience.Payments.AspNetCore;
using Resilience.Payments.AspNetCore.Internal;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments;

/// <summary>Maps the payment callback endpoints.</summary>
public static class PaymentCallbackEndpointRouteBuilderExtensions
{
    /// <summary>The default route prefix of the callback endpoints.</summary>
    public const string DefaultPrefix = "/payments/callbacks";

    /// <summary>
    /// Maps one endpoint per registered <see cref="IPaymentCallbackHandler"/> at <c>{prefix}/{provider}</c> (or
    /// <c>{prefix}/{secret}/{provider}</c> with <see cref="PaymentCallbackOptions.SecretPathSegment"/>), for <c>POST</c> and
    /// <c>GET</c>. Each request is checked in this order, and nothing changes unless every check passes: secret segment
    /// (else <c>404</c>), source address allow-list (else <c>403</c>), body size (else <c>413</c>), the handler's signature
    /// check or status-query confirmation (<c>401</c> for a bad signature, <c>400</c> for a malformed body). Each update the
    /// handler returns is applied through <see cref="IPaymentGateway.ApplyProviderUpdateAsync"/> (idempotent: duplicates are
    /// harmless); one that matches no payment is logged as a warning and published to <see cref="IUnmatchedCallbackSink"/>.
    /// The reply is the handler's (<see cref="PaymentCallbackReply"/>); <c>500</c> when the gateway could not record an
    /// update, so that the provider delivers it again.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">The route prefix. Default <see cref="DefaultPrefix"/>.</param>
    /// <param name="configure">Sets the options; validated here (an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> names each problem).</param>
    /// <returns>The group of the endpoints, for further conventions (host filters, rate limiting...).</returns>
    /// <exception cref="InvalidOperationException">
    /// <c>AddPaymentCallbacks</c> was not called (no sink, or a secret segment without its log redaction), no gateway is registered,
    /// or two handlers share a provider name.
    /// </exception>
    public static IEndpointConventionBuilder MapPaymentCallbacks(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix, Action<PaymentCallbackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new PaymentCallbackOptions();
        configure?.Invoke(options);
        options.ThrowIfInvalid();

        var services = endpoints.ServiceProvider;
        var gateway = services.GetService<IPaymentGateway>()
            ?? throw new InvalidOperationException("No IPaymentGateway is registered: call services.AddPaymentGateway(...) first.");
        var sink = services.GetService<IUnmatchedCallbackSink>()
            ?? throw new InvalidOperationException("No IUnmatchedCallbackSink is registered: call services.AddPaymentCallbacks() (it adds the default in-memory sink).");
        if (options.SecretPathSegment is { } secret)
        {
            var secrets = services.GetService<CallbackSecrets>()
                ?? throw new InvalidOperationException("A SecretPathSegment is set but services.AddPaymentCallbacks() was not called: it keeps the secret out of the RequestPath logging scope.");
            secrets.Add(secret);
        }

        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Resilience.Payments.AspNetCore.PaymentCallbacks") ?? NullLogger.Instance;
        var handlers = services.GetServices<IPaymentCallbackHandler>().ToList();
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

        var group = endpoints.MapGroup(prefix);
        foreach (var handler in handlers)
        {
            var endpoint = new CallbackEndpoint(handler, gateway, sink, options, time, logger);
            var pattern = options.SecretPathSegment is null ? handler.Provider : $"{{{CallbackEndpoint.SecretRouteValue}}}/{handler.Provider}";
            group.MapMethods(pattern, Methods, endpoint.InvokeAsync)
                .WithDisplayName($"Payment callback: {handler.Provider}")
                .ExcludeFromDescription();
        }

        return group;
    }

    private static readonly IReadOnlyList<string> Methods = ["POST", "GET"];
}
