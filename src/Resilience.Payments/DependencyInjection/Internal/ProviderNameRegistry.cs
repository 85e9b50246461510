using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.DependencyInjection.Internal;

/// <summary>
/// The names of the registered providers, for the options validator to check <see cref="PaymentGatewayOptions.FailoverOrder"/> and
/// <see cref="PaymentGatewayOptions.Providers"/> at start. One instance per service collection (a singleton). The names are
/// the providers' own: they are resolved when the options are validated. When a provider cannot be created (its adapter's options
/// are invalid, which its own validator reports), its name is learnt from its registration: the instance added, or the
/// <c>Name</c> of its adapter's options built without validation; when that fails too, the names are unknown and nothing is checked.
/// </summary>
internal sealed class ProviderNameRegistry
{
    private readonly IServiceCollection _services;
    private readonly Dictionary<ServiceDescriptor, Func<IServiceProvider, string?>> _fallbacks = new(ReferenceEqualityComparer.Instance);

    private ProviderNameRegistry(IServiceCollection services) => _services = services;

    /// <summary>Gets the path of the configuration section the options are bound from (for example <c>Payments</c>), or <see langword="null"/>.</summary>
    public string? ConfigurationPath { get; set; }

    /// <summary>Returns the registry of <paramref name="services"/>, adding it on first use.</summary>
    public static ProviderNameRegistry Of(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(ProviderNameRegistry) && descriptor.ImplementationInstance is ProviderNameRegistry registry)
            {
                return registry;
            }
        }

        var added = new ProviderNameRegistry(services);
        services.AddSingleton(added);
        return added;
    }

    /// <summary>Adds a provider registration and how to learn its name without creating the provider.</summary>
    public void Add(ServiceDescriptor descriptor, Func<IServiceProvider, string?> name)
    {
        _services.Add(descriptor);
        _fallbacks[descriptor] = name;
    }

    /// <summary>Returns the registered providers' names in registration order, or <see langword="null"/> when they cannot all be learnt.</summary>
    public IReadOnlyList<string>? Names(IServiceProvider services)
    {
        try
        {
            return services.GetServices<IPaymentProvider>().Select(p => p.Name).ToArray();
        }
#pragma warning disable CA1031 // a provider that cannot be created is reported by its own validator or by the gateway
        catch (Exception)
#pragma warning restore CA1031
        {
            return FromRegistrations(services);
        }
    }

    /// <summary>Reads the <c>Name</c> of an adapter's options built like the options host builds them, without validation.</summary>
    public static string? UnvalidatedName<TOptions>(IServiceProvider services)
        where TOptions : class
    {
        try
        {
            var options = Activator.CreateInstance<TOptions>();
            foreach (var setup in services.GetServices<IConfigureOptions<TOptions>>())
            {
                if (setup is IConfigureNamedOptions<TOptions> named)
                {
                    named.Configure(Options.DefaultName, options);
                }
                else
                {
                    setup.Configure(options);
                }
            }

            foreach (var post in services.GetServices<IPostConfigureOptions<TOptions>>())
            {
                post.PostConfigure(Options.DefaultName, options);
            }

            return typeof(TOptions).GetProperty("Name", typeof(string))?.GetValue(options) as string;
        }
#pragma warning disable CA1031 // unknown: nothing is checked
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private List<string>? FromRegistrations(IServiceProvider services)
    {
        var names = new List<string>();
        foreach (var descriptor in _services)
        {
            if (descriptor.ServiceType != typeof(IPaymentProvider))
            {
                continue;
            }

            if (!_fallbacks.TryGetValue(descriptor, out var learn) || learn(services) is not { Length: > 0 } name)
            {
                return null;
            }

            names.Add(name);
        }

        return names;
    }
}
