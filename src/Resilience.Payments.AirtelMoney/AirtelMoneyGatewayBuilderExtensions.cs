using System;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Resilience.Payments.AirtelMoney;
using Resilience.Payments.AirtelMoney.Internal;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Http;

namespace Resilience.Payments;

/// <summary>Adds the Airtel Money provider to the gateway.</summary>
public static class AirtelMoneyGatewayBuilderExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> the adapter uses, for <c>AddHttpClient(name)</c> customisation: its primary handler
    /// (a proxy), handlers that log, measure or add headers. The library owns the chain: retry and hedging handlers are removed and
    /// a charge is sent at most once (see <see cref="HttpProviderGatewayBuilderExtensions.AddHttpProvider{TProvider, TOptions, TOptionsValidator}"/>).
    /// </summary>
    public const string HttpClientName = nameof(AirtelMoneyPaymentProvider);

    /// <summary>Adds Airtel Money with options bound from configuration (for example the <c>Payments:AirtelMoney</c> section) and validated on start.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configuration">The section holding <see cref="AirtelMoneyOptions"/>; a key the options do not have fails the host's start.</param>
    /// <param name="configure">Further changes, applied after binding.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddAirtelMoney(this IPaymentGatewayBuilder builder, IConfiguration configuration, Action<AirtelMoneyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.BindProviderOptions<AirtelMoneyOptions>(configuration).AddAirtelMoney(configure ?? (static _ => { }));
    }

    /// <summary>
    /// Adds Airtel Money with options set in code and validated on start: the options, a named <see cref="HttpClient"/> from
    /// <see cref="IHttpClientFactory"/>, one <see cref="AirtelMoneyPaymentProvider"/> for the process (its token cache is shared)
    /// and <see cref="AirtelMoneyCallbackHandler"/> as an <see cref="IPaymentCallbackHandler"/>.
    /// </summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddAirtelMoney(this IPaymentGatewayBuilder builder, Action<AirtelMoneyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        // One instance for the process, so that 50 concurrent payments share one token (and one token request).
        builder.AddHttpProvider<AirtelMoneyPaymentProvider, AirtelMoneyOptions, AirtelMoneyOptionsValidator>(HttpClientName, configure, static (options, client) =>
            {
                client.BaseAddress = options.BaseAddress;
                client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // the adapter times each call out itself (RequestTimeout)
            });
        return builder.AddPaymentCallbackHandler<AirtelMoneyCallbackHandler>();
    }
}
