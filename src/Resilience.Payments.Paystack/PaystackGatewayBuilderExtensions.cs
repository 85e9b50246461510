using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Paystack;
using Resilience.Payments.Paystack.Internal;

namespace Resilience.Payments;

/// <summary>Registers the Paystack adapter with the payment gateway.</summary>
public static class PaystackGatewayBuilderExtensions
{
    /// <summary>Adds Paystack with options bound from <paramref name="configuration"/> (for example <c>Payments:Paystack</c>), validated on start.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configuration">The configuration section of <see cref="PaystackOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddPaystack(this IPaymentGatewayBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PaystackOptions>().Bind(configuration);
        return builder.AddPaystack(static _ => { });
    }

    /// <summary>Adds Paystack configured in code, validated on start: options, the typed <c>HttpClient</c>, the provider, <see cref="PaystackWebhook"/> and its <see cref="IPaymentCallbackHandler"/> (<see cref="PaystackCallbackHandler"/>).</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddPaystack(this IPaymentGatewayBuilder builder, Action<PaystackOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PaystackOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaystackOptions>, PaystackOptionsValidator>());
        services.AddHttpClient<PaystackPaymentProvider>((sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<PaystackOptions>>().Value;
            client.BaseAddress = options.BaseAddress;
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // the adapter times each call out itself (RequestTimeout) and classes it Unknown
        });
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<PaystackOptions>>().Value;
            return new PaystackWebhook(options.SecretKey!, options.Name);
        });

        // The webhook endpoint's handler (mapped by Resilience.Payments.AspNetCore).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPaymentCallbackHandler, PaystackCallbackHandler>(static sp => new PaystackCallbackHandler(sp.GetRequiredService<PaystackWebhook>())));
        return builder.AddProvider(static sp => sp.GetRequiredService<PaystackPaymentProvider>());
    }
}
