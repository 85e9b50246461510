using System;
using System.Collections.Generic;

namespace Resilience.Payments;

/// <summary>The gateway's options. Bind from configuration (for example the <c>Payments</c> section); validated on start.</summary>
public sealed class PaymentGatewayOptions
{
    /// <summary>
    /// Gets the provider names in failover order. Providers not named follow in registration order.
    /// Every name must be a registered provider.
    /// </summary>
    public IList<string> FailoverOrder { get; } = new List<string>();

    /// <summary>Gets or sets how candidates are ordered. Default <see cref="CandidateOrdering.InstrumentFirst"/>.</summary>
    public CandidateOrdering Ordering { get; set; } = CandidateOrdering.InstrumentFirst;

    /// <summary>
    /// Gets or sets how long a gateway instance holds a payment while it works on it. If the instance dies, another
    /// takes the payment over after this, first asking the provider what happened to the last attempt. Must exceed
    /// every provider's <see cref="ProviderResilienceOptions.AttemptTimeout"/> by at least 10 seconds. Default 2 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the pipeline options of every provider without its own entry in <see cref="Providers"/>.</summary>
    public ProviderResilienceOptions DefaultProvider { get; set; } = new();

    /// <summary>
    /// Gets per-provider pipeline options, by provider name (case-insensitive). Bound from configuration, each
    /// <c>Providers:&lt;name&gt;</c> section starts from <see cref="DefaultProvider"/>'s values and holds only what differs.
    /// </summary>
    public IDictionary<string, ProviderResilienceOptions> Providers { get; } =
        new Dictionary<string, ProviderResilienceOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets the largest amount one payment may have, in major units, by ISO 4217 currency code (case-insensitive): for example
    /// <c>MaxAmounts:KES = 500000</c> in configuration. <c>PayAsync</c> refuses a larger amount with a
    /// <see cref="PaymentValidationException"/> naming <c>Amount</c>, before anything is stored. A currency not listed has no
    /// maximum of its own; every currency still has the library's limit (<see cref="Money.MaxMinorUnits"/>), and an amount
    /// above the <see cref="ProviderCapabilities.MaxAmount"/> of every provider able to charge the request's instruments is
    /// refused the same way. Every value must be greater than zero and every key a known currency. Default empty.
    /// </summary>
    public IDictionary<string, decimal> MaxAmounts { get; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the retry queue's options.</summary>
    public QueueOptions Queue { get; set; } = new();

    /// <summary>Gets or sets the reconciler's options.</summary>
    public ReconciliationOptions Reconciliation { get; set; } = new();

    /// <summary>Gets or sets the refund options: the double-charge policy and the possible-duplicate window.</summary>
    public RefundOptions Refunds { get; set; } = new();

    /// <summary>Gets or sets how stored events are delivered to the observers: retries, dead letters, retention.</summary>
    public PaymentEventDeliveryOptions Events { get; set; } = new();

    /// <summary>Gets or sets a value indicating whether the queue worker and reconciler run as hosted services. Default <see langword="true"/>.</summary>
    public bool EnableBackgroundWorkers { get; set; } = true;

    /// <summary>Gets or sets this instance's name in lease owners and logs. Default: the machine name and process id.</summary>
    public string? InstanceName { get; set; }

    /// <summary>Gets the pipeline options for a provider.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <returns>Its own options, or <see cref="DefaultProvider"/>.</returns>
    public ProviderResilienceOptions For(string provider) =>
        Providers.TryGetValue(provider, out var options) ? options : DefaultProvider;
}
