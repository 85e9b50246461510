using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace Resilience.Payments;

/// <summary>Validates <see cref="PaymentGatewayOptions"/>; every message names the option at fault.</summary>
public sealed class PaymentGatewayOptionsValidator : IValidateOptions<PaymentGatewayOptions>
{
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
        foreach (var provider in options.FailoverOrder)
        {
            if (string.IsNullOrWhiteSpace(provider))
            {
                errors.Add("FailoverOrder: provider names must not be empty.");
            }
            else if (!seen.Add(provider))
            {
                errors.Add($"FailoverOrder: '{provider}' is listed twice.");
            }
        }

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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
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
}
