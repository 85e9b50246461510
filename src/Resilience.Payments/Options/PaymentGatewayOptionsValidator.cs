using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace Resilience.Payments;

/// <summary>
/// Validates <see cref="PaymentGatewayOptions"/>, collecting every failure; each message starts with the option's configuration
/// path (for example <c>Payments:FailoverOrder[2]</c>). When the registered providers' names are known, every provider name in the
/// options must be one of them.
/// </summary>
/// <param name="providerNames">Returns the registered providers' names, or <see langword="null"/> when unknown (nothing is cross-checked).</param>
/// <param name="configurationPath">The path of the section the options are bound from, or <see langword="null"/>.</param>
internal sealed class PaymentGatewayOptionsValidator(Func<IReadOnlyCollection<string>?>? providerNames = null, string? configurationPath = null)
    : IValidateOptions<PaymentGatewayOptions>
{
    private readonly string _prefix = string.IsNullOrEmpty(configurationPath) ? string.Empty : configurationPath + ":";

    /// <summary>The message for a provider name that no registered provider has; the gateway's own check gives the same.</summary>
    /// <param name="path">The option's path, for example <c>FailoverOrder[2]</c>.</param>
    /// <param name="name">The name.</param>
    /// <param name="registered">The registered providers' names.</param>
    /// <returns>The message.</returns>
    public static string NotRegistered(string path, string name, IEnumerable<string> registered)
    {
        var list = string.Join(", ", registered);
        return $"{path}: no provider named '{name}' is registered; registered: {(list.Length == 0 ? "none" : list)}.";
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PaymentGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ValidateProvider("DefaultProvider", options.DefaultProvider, options.LeaseDuration, errors);
        foreach (var (provider, providerOptions) in options.Providers)
        {
            ValidateProvider($"Providers:{provider}", providerOptions, options.LeaseDuration, errors);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.FailoverOrder.Count; i++)
        {
            var provider = options.FailoverOrder[i];
            if (string.IsNullOrWhiteSpace(provider))
            {
                errors.Add($"FailoverOrder[{i}]: provider names must not be empty.");
            }
            else if (!seen.Add(provider))
            {
                errors.Add($"FailoverOrder[{i}]: '{provider}' is listed twice.");
            }
        }

        ValidateProviderNames(options, errors);
        Positive(errors, "LeaseDuration", options.LeaseDuration);
        foreach (var (currency, max) in options.MaxAmounts)
        {
            if (!Currency.TryGet(currency, out _))
            {
                errors.Add($"MaxAmounts:{currency}: '{currency}' is not a known ISO 4217 currency code.");
            }
            else if (max <= 0)
            {
                errors.Add($"MaxAmounts:{currency}: must be greater than zero.");
            }
        }

        var queue = options.Queue;
        if (queue is null)
        {
            errors.Add("Queue: is required.");
        }
        else
        {
            if (queue.MaxAttempts < 1)
            {
                errors.Add("Queue:MaxAttempts: must be at least 1.");
            }

            Positive(errors, "Queue:InitialDelay", queue.InitialDelay);
            Positive(errors, "Queue:PollInterval", queue.PollInterval);
            if (queue.MaxDelay < queue.InitialDelay)
            {
                errors.Add("Queue:MaxDelay: must not be shorter than Queue:InitialDelay.");
            }

            if (queue.JitterFactor is < 0 or > 1 || double.IsNaN(queue.JitterFactor))
            {
                errors.Add("Queue:JitterFactor: must be between 0 and 1.");
            }

            if (queue.BatchSize < 1)
            {
                errors.Add("Queue:BatchSize: must be at least 1.");
            }
        }

        var reconciliation = options.Reconciliation;
        if (reconciliation is null)
        {
            errors.Add("Reconciliation: is required.");
        }
        else
        {
            Positive(errors, "Reconciliation:FirstCheckDelay", reconciliation.FirstCheckDelay);
            Positive(errors, "Reconciliation:PollInterval", reconciliation.PollInterval);
            Positive(errors, "Reconciliation:AttentionAfter", reconciliation.AttentionAfter);
            if (reconciliation.MaxDelay < reconciliation.FirstCheckDelay)
            {
                errors.Add("Reconciliation:MaxDelay: must not be shorter than Reconciliation:FirstCheckDelay.");
            }

            if (reconciliation.BatchSize < 1)
            {
                errors.Add("Reconciliation:BatchSize: must be at least 1.");
            }
        }

        var refunds = options.Refunds;
        if (refunds is null)
        {
            errors.Add("Refunds: is required.");
        }
        else
        {
            if (!Enum.IsDefined(refunds.DuplicateCharges))
            {
                errors.Add($"Refunds:DuplicateCharges: must be Reverse or Flag (was {(int)refunds.DuplicateCharges}).");
            }

            if (refunds.PossibleDuplicateWindow < TimeSpan.Zero || refunds.PossibleDuplicateWindow > TimeSpan.FromDays(31))
            {
                errors.Add("Refunds:PossibleDuplicateWindow: must be between 00:00:00 (the check off) and 31 days.");
            }
        }

        ValidateEvents(options.Events, errors);

        if (errors.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        for (var i = 0; i < errors.Count; i++)
        {
            errors[i] = _prefix + errors[i];
        }

        return ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every name in <see cref="PaymentGatewayOptions.FailoverOrder"/> and <see cref="PaymentGatewayOptions.Providers"/> is a registered provider's.</summary>
    private void ValidateProviderNames(PaymentGatewayOptions options, List<string> errors)
    {
        if (providerNames?.Invoke() is not { Count: > 0 } registered)
        {
            return; // unknown, or none registered (the gateway reports that itself when it is created)
        }

        var known = new HashSet<string>(registered, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.FailoverOrder.Count; i++)
        {
            var provider = options.FailoverOrder[i];
            if (!string.IsNullOrWhiteSpace(provider) && !known.Contains(provider))
            {
                errors.Add(NotRegistered($"FailoverOrder[{i}]", provider, registered));
            }
        }

        foreach (var provider in options.Providers.Keys)
        {
            if (!known.Contains(provider))
            {
                errors.Add(NotRegistered($"Providers:{provider}", provider, registered));
            }
        }
    }

    private static void ValidateProvider(string path, ProviderResilienceOptions? options, TimeSpan lease, List<string> errors)
    {
        if (options is null)
        {
            errors.Add($"{path}: is required.");
            return;
        }

        if (options.MaxConcurrency < 1)
        {
            errors.Add($"{path}:MaxConcurrency: must be at least 1.");
        }

        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(10) || options.AttemptTimeout > TimeSpan.FromHours(24))
        {
            errors.Add($"{path}:AttemptTimeout: must be between 10 ms and 24 hours.");
        }

        Positive(errors, $"{path}:StatusQueryTimeout", options.StatusQueryTimeout);
        if (options.AttemptTimeout + TimeSpan.FromSeconds(10) > lease)
        {
            errors.Add($"{path}:AttemptTimeout: must be at least 10 seconds shorter than LeaseDuration ({lease}), so that a lease never expires while an attempt may still be running.");
        }

        if (options.FailureRatio is <= 0 or > 1 || double.IsNaN(options.FailureRatio))
        {
            errors.Add($"{path}:FailureRatio: must be greater than 0 and at most 1.");
        }

        if (options.MinimumThroughput < 2)
        {
            errors.Add($"{path}:MinimumThroughput: must be at least 2.");
        }

        if (options.SamplingDuration < TimeSpan.FromMilliseconds(500) || options.SamplingDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{path}:SamplingDuration: must be between 500 ms and 1 day.");
        }

        if (options.BreakDuration < TimeSpan.FromMilliseconds(500) || options.BreakDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{path}:BreakDuration: must be between 500 ms and 1 day.");
        }
    }

    private static void Positive(List<string> errors, string path, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{path}: must be greater than zero.");
        }
    }

    private static void ValidateEvents(PaymentEventDeliveryOptions? events, List<string> errors)
    {
        if (events is null)
        {
            errors.Add("Events: is required.");
            return;
        }

        Positive(errors, "Events:PollInterval", events.PollInterval);
        Positive(errors, "Events:InitialRetryDelay", events.InitialRetryDelay);
        Positive(errors, "Events:LeaseDuration", events.LeaseDuration);
        Positive(errors, "Events:Retention", events.Retention);
        Positive(errors, "Events:CleanupInterval", events.CleanupInterval);
        if (events.MaxRetryDelay < events.InitialRetryDelay)
        {
            errors.Add("Events:MaxRetryDelay: must not be shorter than Events:InitialRetryDelay.");
        }

        if (events.BatchSize is < 1 or > 10_000)
        {
            errors.Add("Events:BatchSize: must be between 1 and 10000.");
        }

        if (events.MaxAttempts < 1)
        {
            errors.Add("Events:MaxAttempts: must be at least 1.");
        }
    }
}
