using System;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Resilience.Payments.AspNetCore;
using Resilience.Payments.AspNetCore.Internal;

namespace Resilience.Payments;

/// <summary>Maps the operations console.</summary>
public static class PaymentsConsoleEndpointRouteBuilderExtensions
{
    /// <summary>The default path of the console.</summary>
    public const string DefaultPattern = "/payments-console";

    /// <summary>
    /// Maps the operations console at <paramref name="pattern"/>: server-rendered pages showing each provider's circuit, the
    /// queue, payments needing attention, open refunds, dead letters and recent failovers (refreshed live), a search, one
    /// payment's attempts, refunds and audit trail, and the actions requeue, cancel, ask the provider now, mark reviewed and
    /// refund. Every action is a confirmed POST checked by ASP.NET Core antiforgery and recorded with the user's name
    /// (<c>HttpContext.User.Identity.Name</c>). Every page is sent with a nonce-based Content-Security-Policy, framing denied
    /// and caching off.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The console's path, a literal path without route parameters. Default <see cref="DefaultPattern"/>.</param>
    /// <param name="configure">
    /// Sets the options; <see cref="PaymentsConsoleOptions.AuthorizationPolicy"/> is required unless
    /// <see cref="PaymentsConsoleOptions.AllowAnonymous"/> is set in Development.
    /// </param>
    /// <returns>The group of the console's endpoints, for further conventions (host filters, rate limiting...).</returns>
    /// <exception cref="InvalidOperationException">
    /// No authorization policy is set and anonymous access was not allowed, or was allowed outside Development; antiforgery
    /// (<c>services.AddAntiforgery()</c>) or the gateway (<c>services.AddPaymentGateway(...)</c>) is not registered; or the
    /// pattern holds a route parameter.
    /// </exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid; the message names it.</exception>
    public static IEndpointConventionBuilder MapPaymentsConsole(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern, Action<PaymentsConsoleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (!pattern.StartsWith('/') || pattern.AsSpan().IndexOfAny("{}?#*") >= 0)
        {
            throw new InvalidOperationException($"The console's pattern '{pattern}' must be a literal path starting with '/', without route parameters.");
        }

        var options = new PaymentsConsoleOptions();
        configure?.Invoke(options);
        options.ThrowIfInvalid();

        var services = endpoints.ServiceProvider;
        if (options.AuthorizationPolicy is null)
        {
            if (!options.AllowAnonymous)
            {
                throw new InvalidOperationException(
                    "The payments console needs an authorization policy: MapPaymentsConsole(pattern, o => o.AuthorizationPolicy = \"payments-operator\") "
                    + "with a policy registered by AddAuthorization. On a developer's machine only, o.AllowAnonymous = true serves it without one.");
            }

            var environment = services.GetService<IHostEnvironment>();
            if (environment is null || !environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"The payments console allows anonymous access only in the Development environment; this is '{environment?.EnvironmentName ?? "unknown"}'. "
                    + "Set o.AuthorizationPolicy to a policy registered by AddAuthorization.");
            }
        }

        if (services.GetService<IServiceProviderIsService>() is { } isService)
        {
            if (!isService.IsService(typeof(PaymentOperations)))
            {
                throw new InvalidOperationException("No PaymentOperations is registered: call services.AddPaymentGateway(...) before mapping the payments console.");
            }

            if (!isService.IsService(typeof(IAntiforgery)))
            {
                throw new InvalidOperationException("The payments console protects its actions with ASP.NET Core antiforgery: call services.AddAntiforgery().");
            }
        }

        var handlers = new ConsoleEndpoints(pattern, options);
        var group = endpoints.MapGroup(pattern);
        group.MapGet("/", (RequestDelegate)handlers.OverviewAsync);
        group.MapGet("/live", (RequestDelegate)handlers.LiveAsync);
        group.MapGet("/search", (RequestDelegate)handlers.SearchAsync);
        group.MapGet("/payment", (RequestDelegate)handlers.PaymentAsync);
        group.MapGet("/confirm", (RequestDelegate)handlers.ConfirmAsync);
        group.MapPost("/action", (RequestDelegate)handlers.ActionAsync);
        group.WithMetadata(new ExcludeFromDescriptionAttribute());
        if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }
        else
        {
            group.AllowAnonymous();
        }

        return group;
    }
}
