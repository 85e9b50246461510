using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Resilience.Payments.AspNetCore;

namespace Resilience.Payments;

/// <summary>Registers what the payment callback endpoints need.</summary>
public static class PaymentCallbackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="IUnmatchedCallbackSink"/>, <see cref="InMemoryUnmatchedCallbackSink"/> (also resolvable as
    /// itself, for operators), unless an <see cref="IUnmatchedCallbackSink"/> is already registered. Call it once, then map the
    /// endpoints with <c>MapPaymentCallbacks</c>; the handlers come from the adapter packages (<c>AddMpesaDaraja</c>, <c>AddPaystack</c>...).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPaymentCallbacks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(static sp => new InMemoryUnmatchedCallbackSink(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IUnmatchedCallbackSink>(static sp => sp.GetRequiredService<InMemoryUnmatchedCallbackSink>());
        return services;
    }

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
