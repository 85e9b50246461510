using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Resilience.Payments.DependencyInjection.Internal;
using Resilience.Payments.Internal;

namespace Resilience.Payments;

/// <summary>Registers the payment gateway with dependency injection.</summary>
public static class PaymentServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPaymentGateway"/>, <see cref="IPaymentOperations"/> and <see cref="PaymentOperations"/> (wired to the gateway), its options (bound from <paramref name="configuration"/> and validated on
    /// start), the in-memory store unless another is chosen, and the queue worker and reconciler as hosted services.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section to bind <see cref="PaymentGatewayOptions"/> from (for example <c>Payments</c>).</param>
    /// <param name="configure">Further option changes, applied after binding.</param>
    /// <returns>A builder to add providers, a store and observers.</returns>
    public static IPaymentGatewayBuilder AddPaymentGateway(this IServiceCollection services, IConfiguration configuration, Action<PaymentGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // First, so that configure runs after binding. Each Providers:<name> section starts from DefaultProvider's values, so
        // that a provider's section holds only what differs.
        services.AddOptions<PaymentGatewayOptions>().Configure(options =>
        {
            configuration.Bind(options);
            foreach (var provider in configuration.GetSection(nameof(PaymentGatewayOptions.Providers)).GetChildren())
            {
                var own = options.DefaultProvider.Clone();
                provider.Bind(own);
                options.Providers[provider.Key] = own;
            }
        });
        services.AddSingleton<IOptionsChangeTokenSource<PaymentGatewayOptions>>(new ConfigurationChangeTokenSource<PaymentGatewayOptions>(configuration));
        ProviderNameRegistry.Of(services).ConfigurationPath = (configuration as IConfigurationSection)?.Path;
        return services.AddPaymentGateway(configure ?? (static _ => { }));
    }

    /// <summary>
    /// Registers <see cref="IPaymentGateway"/>, <see cref="IPaymentOperations"/> and <see cref="PaymentOperations"/> (wired to the gateway), its options (validated on start), the in-memory store unless another is
    /// chosen, and the queue worker and reconciler as hosted services.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder to add providers, a store and observers.</returns>
    public static IPaymentGatewayBuilder AddPaymentGateway(this IServiceCollection services, Action<PaymentGatewayOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<PaymentGatewayOptions>().Configure(configure).ValidateOnStart();
        var names = ProviderNameRegistry.Of(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentGatewayOptions>, PaymentGatewayOptionsValidator>(
            sp => new PaymentGatewayOptionsValidator(() => names.Names(sp), names.ConfigurationPath)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPaymentStore, InMemoryPaymentStore>();
        services.TryAddSingleton(static sp =>
        {
            var store = sp.GetRequiredService<IPaymentStore>();
            var loggerFactory = sp.GetService<ILoggerFactory>();
            WarnOfInMemoryStoreInProduction(sp, store, loggerFactory);
            return new PaymentGateway(
                sp.GetServices<IPaymentProvider>(),
                store,
                sp.GetRequiredService<IOptions<PaymentGatewayOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                loggerFactory,
                sp.GetServices<IPaymentEventObserver>(),
                sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        services.TryAddSingleton<IPaymentGateway>(static sp => sp.GetRequiredService<PaymentGateway>());
        services.TryAddSingleton<IPaymentOperations>(static sp => sp.GetRequiredService<PaymentGateway>());
        services.TryAddSingleton(static sp => sp.GetRequiredService<PaymentGateway>().Operations);
        services.AddHostedService<PaymentQueueWorker>();
        services.AddHostedService<PaymentReconciliationWorker>();
        services.AddHostedService<PaymentEventDispatchWorker>();
        return new PaymentGatewayBuilder(services);
    }

    // Once per gateway (a singleton, resolved when the hosted workers start): the default store kept in Production loses
    // every payment on a restart and is not shared between instances.
    private static void WarnOfInMemoryStoreInProduction(IServiceProvider services, IPaymentStore store, ILoggerFactory? loggerFactory)
    {
        if (store is InMemoryPaymentStore && loggerFactory is not null && services.GetService<IHostEnvironment>() is { } environment && environment.IsProduction())
        {
            Log.InMemoryStoreInProduction(loggerFactory.CreateLogger("Resilience.Payments.PaymentGateway"), environment.EnvironmentName);
        }
    }

    /// <summary>Adds a provider, created by the container (a singleton).</summary>
    /// <typeparam name="TProvider">The provider's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddProvider<TProvider>(this IPaymentGatewayBuilder builder)
        where TProvider : class, IPaymentProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IPaymentProvider, TProvider>();
        return builder;
    }

    /// <summary>Adds a provider instance.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="provider">The provider.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddProvider(this IPaymentGatewayBuilder builder, IPaymentProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        ProviderNameRegistry.Of(builder.Services).Add(ServiceDescriptor.Singleton(provider), _ => provider.Name);
        return builder;
    }

    /// <summary>Adds a provider made by a factory (a singleton).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the provider.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddProvider(this IPaymentGatewayBuilder builder, Func<IServiceProvider, IPaymentProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Uses a store made by a factory instead of the in-memory default.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the store.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder UseStore(this IPaymentGatewayBuilder builder, Func<IServiceProvider, IPaymentStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>Uses the in-memory store: for tests and development only; a crash loses every payment in it.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder UseInMemoryStore(this IPaymentGatewayBuilder builder) =>
        builder.UseStore(static _ => new InMemoryPaymentStore());

    /// <summary>Adds an observer of payment events (status changes, circuit changes).</summary>
    /// <typeparam name="TObserver">The observer's type, created by the container (a singleton).</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddEventObserver<TObserver>(this IPaymentGatewayBuilder builder)
        where TObserver : class, IPaymentEventObserver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IPaymentEventObserver, TObserver>();
        return builder;
    }

    /// <summary>Adds an observer instance of payment events.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="observer">The observer.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddEventObserver(this IPaymentGatewayBuilder builder, IPaymentEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(observer);
        builder.Services.AddSingleton(observer);
        return builder;
    }
}
