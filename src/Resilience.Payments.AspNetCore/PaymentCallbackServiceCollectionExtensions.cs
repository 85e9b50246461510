using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Resilience.Payments.AspNetCore;
using Resilience.Payments.AspNetCore.Internal;

namespace Resilience.Payments;

/// <summary>Registers what the payment callback endpoints need.</summary>
public static class PaymentCallbackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="IUnmatchedCallbackSink"/>, <see cref="InMemoryUnmatchedCallbackSink"/> (also resolvable as
    /// itself, for operators), unless an <see cref="IUnmatchedCallbackSink"/> is already registered. Call it once, then map the
    /// endpoints with <c>MapPaymentCallbacks</c>; the handlers come from the adapter packages (<c>AddMpesaDaraja</c>, <c>AddPaystack</c>...).
    /// </summary>
    /// <remarks>
    /// It also keeps <see cref="PaymentCallbackOptions.SecretPathSegment"/> out of logging scopes: ASP.NET Core opens a
    /// <c>RequestPath</c> scope for every request before any endpoint runs, so it registers an
    /// <see cref="Microsoft.Extensions.Logging.IExternalScopeProvider"/> (decorating one already registered, or the one
    /// <see cref="Microsoft.Extensions.Logging.LoggerFactory"/> would make) that writes <c>***</c> in place of the secret in every
    /// scope pushed. Logger providers that support external scopes (console, debug, event source, OpenTelemetry...) read
    /// scopes from it; the hosting layer's own <c>Request starting</c> message still holds the path (see docs/callbacks.md).
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPaymentCallbacks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(static sp => new InMemoryUnmatchedCallbackSink(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IUnmatchedCallbackSink>(static sp => sp.GetRequiredService<InMemoryUnmatchedCallbackSink>());
        if (!services.Any(static d => d.ServiceType == typeof(CallbackEndpointSources)))
        {
            services.AddSingleton<CallbackEndpointSources>();
            services.AddHostedService<CallbackEndpointsStartup>();
        }

        if (!services.Any(static d => d.ServiceType == typeof(CallbackSecrets)))
        {
            services.AddSingleton<CallbackSecrets>();
            var existing = services.LastOrDefault(static d => d.ServiceType == typeof(IExternalScopeProvider) && !d.IsKeyedService);
            if (existing is not null)
            {
                services.Remove(existing);
            }

            services.AddSingleton<IExternalScopeProvider>(sp => new RedactingScopeProvider(
                existing is null ? RedactingScopeProvider.CreateDefault(sp) : Resolve(existing, sp),
                sp.GetRequiredService<CallbackSecrets>()));
        }

        return services;
    }

    private static IExternalScopeProvider Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (IExternalScopeProvider)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    /// <summary>Registers the default <see cref="IUnmatchedCallbackSink"/>; see <see cref="AddPaymentCallbacks(IServiceCollection)"/>.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddPaymentCallbacks(this IPaymentGatewayBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPaymentCallbacks();
        return builder;
    }
}
