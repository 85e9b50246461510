using System;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Paystack;
using Resilience.Payments.Paystack.Internal;
using Resilience.Payments.Http;

namespace Resilience.Payments;

/// <summary>Registers the Paystack adapter with the payment gateway.</summary>
public static class PaystackGatewayBuilderExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> the adapter uses, for <c>AddHttpClient(name)</c> customisation: its primary handler
    /// (a proxy), handlers that log, measure or add headers. The library owns the chain: retry and hedging handlers are removed and
    /// a charge is sent at most once (see <see cref="HttpProviderGatewayBuilderExtensions.AddHttpProvider{TProvider, TOptions, TOptionsValidator}"/>).
    /// </summary>
    public const string HttpClientName = nameof(PaystackPaymentProvider);

    /// <summary>Adds Paystack with options bound from <paramref name="configuration"/> (for example <c>Payments:Paystack</c>), validated on start.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configuration">The configuration section of <see cref="PaystackOptions"/>; a key the options do not have fails the host's start.</param>
    /// <param name="configure">Further changes, applied after binding.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddPaystack(this IPaymentGatewayBuilder builder, IConfiguration configuration, Action<PaystackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.BindProviderOptions<PaystackOptions>(configuration).AddPaystack(configure ?? (static _ => { }));
    }

    /// <summary>Adds Paystack configured in code, validated on start: options, the <see cref="HttpClient"/> named <see cref="HttpClientName"/>, the provider, <see cref="PaystackWebhook"/> and its <see cref="IPaymentCallbackHandler"/> (<see cref="PaystackCallbackHandler"/>).</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddPaystack(this IPaymentGatewayBuilder builder, Action<PaystackOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        // Transient, like a typed client: the adapter keeps no token, and the gateway resolves it once.
        builder.AddHttpProvider<PaystackPaymentProvider, PaystackOptions, PaystackOptionsValidator>(HttpClientName, configure, static (options, client) =>
        {
            client.BaseAddress = options.BaseAddress;
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // the adapter times each call out itself (RequestTimeout)
        }, ServiceLifetime.Transient);
        builder.Services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<PaystackOptions>>().Value;
            return new PaystackWebhook(options.SecretKey!, options.Name);
        });

        // The webhook endpoint's handler (mapped by Resilience.Payments.AspNetCore).
        return builder.AddPaymentCallbackHandler<PaystackCallbackHandler>();
    }
}
