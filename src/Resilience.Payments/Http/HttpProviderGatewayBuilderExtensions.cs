using System;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;
using Resilience.Payments.DependencyInjection.Internal;

namespace Resilience.Payments.Http;

/// <summary>
/// Registers a provider adapter that talks HTTP, the way the M-Pesa, Airtel Money, Paystack and Pesapal adapters do: for
/// writing your own adapter's <c>Add*</c> method.
/// </summary>
public static class HttpProviderGatewayBuilderExtensions
{
    /// <summary>How long an adapter's pooled connection is used before it is replaced (so that DNS changes are seen): 5 minutes.</summary>
    internal static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Adds an HTTP provider adapter to the gateway: its options (set by <paramref name="configure"/>, checked by
    /// <typeparamref name="TOptionsValidator"/> on start), <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is
    /// registered already, a named <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>, the provider itself and its
    /// registration as an <see cref="IPaymentProvider"/> of the gateway.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <typeparamref name="TProvider"/> is created by the container with the named client as its <see cref="HttpClient"/>
    /// argument: it needs one public constructor that takes an <see cref="HttpClient"/> and otherwise only services (for example
    /// <see cref="IOptions{TOptions}"/>, <see cref="TimeProvider"/>, an optional logger).
    /// </para>
    /// <para>
    /// The client's primary handler is a <see cref="SocketsHttpHandler"/> that replaces its connections
    /// every 5 minutes: the provider, with its client, lives as long as the process, so without it a
    /// provider moving to new addresses (DNS failover during an outage) would never be seen. Replace it with
    /// <c>ConfigurePrimaryHttpMessageHandler</c> on the returned builder.
    /// </para>
    /// <para>
    /// The library owns the client's handler chain: no handler the library did not put there may re-send a charge. After every
    /// other configuration of the client (the host's <c>ConfigureHttpClientDefaults</c>, the application's
    /// <c>AddHttpClient(name)</c> calls, before or after this one), retry and hedging handlers are removed
    /// (<c>Microsoft.Extensions.Http.Resilience</c>'s standard resilience and hedging handlers and any <c>AddResilienceHandler</c>,
    /// Polly v7's <c>AddPolicyHandler</c>), and the library's send-once guard is put last, just above the primary handler: a request
    /// the adapter marked with <see cref="SendOnce.Mark"/> leaves at most once, whatever handler tries to send it again. The
    /// application may still customise the client by its name: the primary handler (a proxy, certificates), handlers that log,
    /// measure or add headers, and the <see cref="HttpClient"/> itself. When the provider is created, its chain is checked (an
    /// <see cref="InvalidOperationException"/> if it cannot be guarded) and the handlers kept are logged once, at Information.
    /// </para>
    /// <para>
    /// Options bound from configuration are added by the caller first (<c>Services.AddOptions&lt;TOptions&gt;().Bind(section)</c>),
    /// so that <paramref name="configure"/> runs after binding.
    /// </para>
    /// </remarks>
    /// <typeparam name="TProvider">The adapter.</typeparam>
    /// <typeparam name="TOptions">The adapter's options (the default, unnamed options instance).</typeparam>
    /// <typeparam name="TOptionsValidator">Validates <typeparamref name="TOptions"/>; registered once.</typeparam>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="httpClientName">The name of the adapter's <see cref="HttpClient"/>, for <c>AddHttpClient(name)</c> customisation by the application.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="configureHttpClient">Sets up each client from the options (base address, timeout).</param>
    /// <param name="providerLifetime">
    /// <see cref="ServiceLifetime.Singleton"/> (the default: one instance for the process, so that a token cache is shared) or
    /// <see cref="ServiceLifetime.Transient"/> (a new instance, with a new client, whenever <typeparamref name="TProvider"/> is
    /// resolved; the gateway resolves it once).
    /// </param>
    /// <returns>The client's builder, to set its primary handler or add handlers that do not re-send requests.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="providerLifetime"/> is <see cref="ServiceLifetime.Scoped"/>.</exception>
    public static IHttpClientBuilder AddHttpProvider<TProvider, TOptions, TOptionsValidator>(
        this IPaymentGatewayBuilder builder,
        string httpClientName,
        Action<TOptions> configure,
        Action<TOptions, HttpClient> configureHttpClient,
        ServiceLifetime providerLifetime = ServiceLifetime.Singleton)
        where TProvider : class, IPaymentProvider
        where TOptions : class
        where TOptionsValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(httpClientName);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(configureHttpClient);
        if (providerLifetime is not (ServiceLifetime.Singleton or ServiceLifetime.Transient))
        {
            throw new ArgumentOutOfRangeException(nameof(providerLifetime), providerLifetime, "A provider is a singleton or transient: the gateway resolves it from the root container.");
        }

        var services = builder.Services;
        services.AddOptions<TOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        var client = services.AddHttpClient(httpClientName, (sp, client) => configureHttpClient(sp.GetRequiredService<IOptions<TOptions>>().Value, client))
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = PooledConnectionLifetime });
        ProviderHttpClients.Add(services, httpClientName);
        services.TryAdd(ServiceDescriptor.Describe(
            typeof(TProvider),
            sp => ActivatorUtilities.CreateInstance<TProvider>(sp, ProviderHttpClients.CreateClient(sp, httpClientName)),
            providerLifetime));
        ProviderNameRegistry.Of(services).Add(
            ServiceDescriptor.Singleton<IPaymentProvider>(static sp => sp.GetRequiredService<TProvider>()),
            ProviderNameRegistry.UnvalidatedName<TOptions>);
        return client;
    }

    /// <summary>
    /// Binds an adapter's options from its configuration section (for example <c>Payments:Mpesa</c>), strictly: a key the
    /// options do not have (a misspelling, or a renamed option) fails the host's start instead of being ignored. An
    /// adapter's <c>AddX(IConfiguration, Action&lt;XOptions&gt;?)</c> calls it, then its <c>AddX(Action&lt;XOptions&gt;)</c>.
    /// </summary>
    /// <typeparam name="TOptions">The adapter's options.</typeparam>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="configuration">The section holding <typeparamref name="TOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder BindProviderOptions<TOptions>(this IPaymentGatewayBuilder builder, IConfiguration configuration)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<TOptions>().Bind(configuration, binder => binder.ErrorOnUnknownConfiguration = true);
        return builder;
    }

    /// <summary>
    /// Adds a provider's callback handler: <typeparamref name="THandler"/> as a singleton created by the container, and the same
    /// instance as an <see cref="IPaymentCallbackHandler"/> (for <c>MapPaymentCallbacks</c> in <c>Resilience.Payments.AspNetCore</c>).
    /// Adding the same handler type again changes nothing.
    /// </summary>
    /// <typeparam name="THandler">The handler; its constructor's parameters are services (for example the provider).</typeparam>
    /// <param name="builder">The gateway builder.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddPaymentCallbackHandler<THandler>(this IPaymentGatewayBuilder builder)
        where THandler : class, IPaymentCallbackHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<THandler>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPaymentCallbackHandler, THandler>(static sp => sp.GetRequiredService<THandler>()));
        return builder;
    }
}
