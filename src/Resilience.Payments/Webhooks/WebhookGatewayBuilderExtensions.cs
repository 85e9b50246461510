using System;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Resilience.Payments.Webhooks.Internal;

namespace Resilience.Payments;

/// <summary>Registers outgoing webhooks: the stored status events POSTed, signed, to the application's own URL.</summary>
public static class WebhookGatewayBuilderExtensions
{
    /// <summary>Adds a webhook with options bound from <paramref name="configuration"/> (for example <c>Payments:Webhooks:billing</c>), validated on start.</summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="name">The webhook's name: 1 to 64 letters, digits, '-', '_' or '.'; its checkpoint is kept under <c>webhook:{name}</c>.</param>
    /// <param name="configuration">The configuration section of <see cref="PaymentWebhookOptions"/>.</param>
    /// <param name="configure">Further changes, applied after binding.</param>
    /// <returns>The builder.</returns>
    public static IPaymentGatewayBuilder AddWebhook(this IPaymentGatewayBuilder builder, string name, IConfiguration configuration, Action<PaymentWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PaymentWebhookOptions>(name).Bind(configuration);
        return builder.AddWebhook(name, configure ?? (static _ => { }));
    }

    /// <summary>
    /// Adds a webhook configured in code, validated on start. Its <see cref="HttpClient"/> is named
    /// <c>Resilience.Payments.Webhooks.{name}</c> (for <c>AddHttpClient</c> customisation). Deliveries need the event dispatcher
    /// (<see cref="PaymentEventDispatchWorker"/>, a hosted service) and a store with an outbox (SQLite, PostgreSQL, in-memory).
    /// </summary>
    /// <param name="builder">The gateway builder.</param>
    /// <param name="name">The webhook's name: 1 to 64 letters, digits, '-', '_' or '.'.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    public static IPaymentGatewayBuilder AddWebhook(this IPaymentGatewayBuilder builder, string name, Action<PaymentWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        if (!IsName(name))
        {
            throw new ArgumentException("A webhook's name must be 1 to 64 letters, digits, '-', '_' or '.'.", nameof(name));
        }

        builder.Services.AddOptions<PaymentWebhookOptions>(name).Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentWebhookOptions>, PaymentWebhookOptionsValidator>());
        builder.Services.AddHttpClient(WebhookEventObserver.ClientName(name));
        builder.Services.AddSingleton<IPaymentEventObserver>(sp => new WebhookEventObserver(
            name,
            sp.GetRequiredService<IOptionsMonitor<PaymentWebhookOptions>>().Get(name),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    private static bool IsName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
