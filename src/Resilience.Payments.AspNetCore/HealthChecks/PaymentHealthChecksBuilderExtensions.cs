using System;
using System.Collections.Generic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Resilience.Payments.AspNetCore;

namespace Resilience.Payments;

/// <summary>Adds the payment gateway's health check.</summary>
public static class PaymentHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check.</summary>
    public const string DefaultName = "payments";

    /// <summary>
    /// Adds the payment gateway's health check: every provider's circuit state and the queue depth, with one data entry
    /// per provider. Healthy when all circuits are closed, degraded when some are not, <paramref name="failureStatus"/>
    /// (unhealthy by default) when all are open.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name. Default <see cref="DefaultName"/>.</param>
    /// <param name="failureStatus">The status when no provider can take payments; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddPaymentGatewayCheck(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        Action<PaymentGatewayHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = new PaymentGatewayHealthCheckOptions();
        configure?.Invoke(options);
        if (options.MaxQueueCount is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.MaxQueueCount, $"{nameof(PaymentGatewayHealthCheckOptions.MaxQueueCount)} must be between 1 and 1,000.");
        }

        if (options.DegradedQueueDepth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.DegradedQueueDepth, $"{nameof(PaymentGatewayHealthCheckOptions.DegradedQueueDepth)} must be 1 or more, or null.");
        }

        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new PaymentGatewayHealthCheck(sp.GetRequiredService<IPaymentGateway>(), sp.GetRequiredService<IPaymentOperations>(), options),
            failureStatus,
            tags));
    }
}
