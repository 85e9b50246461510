using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
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
    /// <remarks>
    /// Mapping resolves neither the gateway nor the handlers: the endpoints are built when the host starts (with
    /// <c>AddPaymentCallbacks</c>) or at first use, so that invalid options are reported by the host's start, all at once.
    /// Two handlers sharing a provider name, or a name that cannot be a route segment, then fail the start.
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// <c>AddPaymentCallbacks</c> was not called (no sink, or a secret segment without its log redaction), or no gateway is registered.
    /// </exception>
    public static IEndpointConventionBuilder MapPaymentCallbacks(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix, Action<PaymentCallbackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new PaymentCallbackOptions();
        configure?.Invoke(options);
        options.ThrowIfInvalid();

        // Nothing that depends on validated options is resolved here (the gateway, the handlers and their adapters): the
        // endpoints are built at first use, after the host's ValidateOnStart reported every invalid option at once.
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(IPaymentGateway)))
        {
            throw new InvalidOperationException("No IPaymentGateway is registered: call services.AddPaymentGateway(...) first.");
        }

        var sink = services.GetService<IUnmatchedCallbackSink>()
            ?? throw new InvalidOperationException("No IUnmatchedCallbackSink is registered: call services.AddPaymentCallbacks() (it adds the default in-memory sink).");
        if (options.SecretPathSegment is { } secret)
        {
            var secrets = services.GetService<CallbackSecrets>()
                ?? throw new InvalidOperationException("A SecretPathSegment is set but services.AddPaymentCallbacks() was not called: it keeps the secret out of the RequestPath logging scope.");
            secrets.Add(secret);
        }

        var source = new CallbackEndpointDataSource(services, options, sink);
        services.GetService<CallbackEndpointSources>()?.Add(source);
        var group = endpoints.MapGroup(prefix);
        ((IEndpointRouteBuilder)group).DataSources.Add(source);
        return group;
    }

}
