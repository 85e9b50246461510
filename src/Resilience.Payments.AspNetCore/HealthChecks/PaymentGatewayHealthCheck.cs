using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Resilience.Payments.AspNetCore;

/// <summary>
/// Reports the gateway's providers and queue: <c>Healthy</c> when every provider's circuit is closed; <c>Degraded</c> when
/// some are not (open, half-open or isolated) but at least one can take payments, or when the queue reaches
/// <see cref="PaymentGatewayHealthCheckOptions.DegradedQueueDepth"/>; the registration's failure status (<c>Unhealthy</c> by
/// default) when every provider is open or isolated, or none is registered (nothing can take a payment; they queue).
/// A half-open provider counts as able to take payments (its probe is in flight).
/// </summary>
/// <remarks>
/// Data: <c>provider:{name}</c> = circuit state (<c>Closed</c>, <c>Open</c>, <c>HalfOpen</c>, <c>Isolated</c>) per provider,
/// <c>queue.depth</c> = queued payments (counted up to <see cref="PaymentGatewayHealthCheckOptions.MaxQueueCount"/>) and
/// <c>queue.depth.capped</c>. If counting the queue fails (store down), the check is the failure status with the exception.
/// </remarks>
internal sealed class PaymentGatewayHealthCheck : IHealthCheck
{
    private readonly IPaymentGateway _gateway;
    private readonly IPaymentOperations _operations;
    private readonly PaymentGatewayHealthCheckOptions _options;

    /// <summary>Creates the check.</summary>
    /// <param name="gateway">The gateway, for circuit states.</param>
    /// <param name="operations">The operator operations, for the queue depth.</param>
    /// <param name="options">The options.</param>
    public PaymentGatewayHealthCheck(IPaymentGateway gateway, IPaymentOperations operations, PaymentGatewayHealthCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(operations);
        options ??= new PaymentGatewayHealthCheckOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueueCount, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxQueueCount, 1000, nameof(options));
        _gateway = gateway;
        _operations = operations;
        _options = options;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failureStatus = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var providers = _gateway.GetProviderHealth();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            data["provider:" + provider.Provider] = provider.CircuitState.ToString();
        }

        int depth;
        try
        {
            depth = (await _operations.ListAsync(PaymentListKind.Queued, _options.MaxQueueCount, null, cancellationToken).ConfigureAwait(false)).Count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a store failure is the answer of the check, not an error of it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(failureStatus, "The payment store could not be read.", ex, data);
        }

        data["queue.depth"] = depth;
        data["queue.depth.capped"] = depth >= _options.MaxQueueCount;

        var down = providers.Where(static p => p.CircuitState is ProviderCircuitState.Open or ProviderCircuitState.Isolated).Select(static p => p.Provider).ToList();
        var notClosed = providers.Where(static p => p.CircuitState != ProviderCircuitState.Closed).Select(static p => p.Provider).ToList();
        if (providers.Count == 0)
        {
            return new HealthCheckResult(failureStatus, "No payment provider is registered.", null, data);
        }

        if (down.Count == providers.Count)
        {
            return new HealthCheckResult(failureStatus, $"Every provider's circuit is open: {string.Join(", ", down)}. Payments queue.", null, data);
        }

        if (notClosed.Count > 0)
        {
            return HealthCheckResult.Degraded($"Circuit not closed: {string.Join(", ", notClosed)}. Payments fail over to the others.", null, data);
        }

        if (_options.DegradedQueueDepth is { } limit && depth >= limit)
        {
            return HealthCheckResult.Degraded($"{depth} payments are queued (degraded from {limit}).", null, data);
        }

        return HealthCheckResult.Healthy($"All {providers.Count} provider circuits are closed; {depth} payments queued.", data);
    }
}
