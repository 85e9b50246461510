using System;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Mpesa;
using Resilience.Payments.Mpesa.Internal;
using Resilience.Payments.Http;

namespace Resilience.Payments;

/// <summary>Adds the Safaricom M-Pesa Daraja provider to the gateway.</summary>
public static class DarajaGatewayBuilderExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> the adapter uses, for <c>AddHttpClient(name)</c> customisation: its primary handler
    /// (a proxy), handlers that log, measure or add headers. The library owns the chain: retry and hedging handlers are removed and
    /// a charge is sent at most once (see <see cref="HttpProviderGatewayBuilderExtensions.AddHttpProvider{TProvider, TOptions, TOptionsValidator}"/>).
    /// </summary>
    public const string HttpClientName = nameof(DarajaPaymentProvider);

    /// <summary>Adds M-Pesa Daraja with options bound from configuration (for example the <c>Payments:Mpesa</c> section) and validated on start.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configuration">The section holding <see cref="DarajaOptions"/>; a key the options do not have fails the host's start.</param>
    /// <param name="configure">Further changes, applied after binding.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddMpesaDaraja(this IPaymentGatewayBuilder builder, IConfiguration configuration, Action<DarajaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.BindProviderOptions<DarajaOptions>(configuration).AddMpesaDaraja(configure ?? (static _ => { }));
    }

    /// <summary>
    /// Adds M-Pesa Daraja with options set in code and validated on start: the adapter, its <see cref="DarajaCallbackParser"/> and
    /// its <see cref="IPaymentCallbackHandler"/> (<see cref="DarajaCallbackHandler"/>, for <c>MapPaymentCallbacks</c>).
    /// </summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddMpesaDaraja(this IPaymentGatewayBuilder builder, Action<DarajaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        // One instance for the process: its token cache must be shared, because Daraja invalidates the previous token when a
        // new one is issued.
        builder.AddHttpProvider<DarajaPaymentProvider, DarajaOptions, DarajaOptionsValidator>(HttpClientName, configure, static (options, client) =>
            {
                client.BaseAddress = options.BaseAddress;
                client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // the adapter times each call out itself (RequestTimeout)
            });
        builder.Services.TryAddSingleton(static sp => new DarajaCallbackParser(sp.GetRequiredService<IOptions<DarajaOptions>>()));

        // The stkCallback endpoint's handler (mapped by Resilience.Payments.AspNetCore): confirms each callback by STK query.
        return builder.AddPaymentCallbackHandler<DarajaCallbackHandler>();
    }
}
