using System;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Pesapal;
using Resilience.Payments.Pesapal.Internal;
using Resilience.Payments.Http;

namespace Resilience.Payments;

/// <summary>Registers the Pesapal API 3.0 adapter with the payment gateway.</summary>
public static class PesapalGatewayBuilderExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> the adapter uses, for <c>AddHttpClient(name)</c> customisation: its primary handler
    /// (a proxy), handlers that log, measure or add headers. The library owns the chain: retry and hedging handlers are removed and
    /// a charge is sent at most once (see <see cref="HttpProviderGatewayBuilderExtensions.AddHttpProvider{TProvider, TOptions, TOptionsValidator}"/>).
    /// </summary>
    public const string HttpClientName = nameof(PesapalPaymentProvider);

    /// <summary>Adds Pesapal with options bound from <paramref name="configuration"/> (for example <c>Payments:Pesapal</c>), validated on start.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configuration">The configuration section of <see cref="PesapalOptions"/>; a key the options do not have fails the host's start.</param>
    /// <param name="configure">Further changes, applied after binding.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddPesapal(this IPaymentGatewayBuilder builder, IConfiguration configuration, Action<PesapalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.BindProviderOptions<PesapalOptions>(configuration).AddPesapal(configure ?? (static _ => { }));
    }

    /// <summary>
    /// Adds Pesapal configured in code, validated on start: options, the named <see cref="HttpClient"/>, one
    /// <see cref="PesapalPaymentProvider"/> for the process (its token and IPN id are shared) and <see cref="PesapalCallbackHandler"/>
    /// as an <see cref="IPaymentCallbackHandler"/>.
    /// </summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddPesapal(this IPaymentGatewayBuilder builder, Action<PesapalOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddHttpProvider<PesapalPaymentProvider, PesapalOptions, PesapalOptionsValidator>(HttpClientName, configure, static (options, client) =>
        {
            client.BaseAddress = options.BaseAddress;
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // the adapter times each call out itself (RequestTimeout)
        });
        return builder.AddPaymentCallbackHandler<PesapalCallbackHandler>();
    }
}
