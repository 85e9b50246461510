using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;
using Resilience.Payments.Http;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>Validates <see cref="PaystackOptions"/>, collecting every failure; each names the option at fault (<c>PaystackOptions.Field</c>).</summary>
internal sealed class PaystackOptionsValidator : IValidateOptions<PaystackOptions>
{
    private const string O = nameof(PaystackOptions) + ".";

    public ValidateOptionsResult Validate(string? name, PaystackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        failures.AddIfBlank(O + nameof(PaystackOptions.Name), options.Name);
        failures.AddIfNotHttpUrl(O + nameof(PaystackOptions.BaseAddress), options.BaseAddress, $"must be an absolute http(s) URL such as {PaystackOptions.Api}");
        failures.AddIfBlank(O + nameof(PaystackOptions.SecretKey), options.SecretKey, " (sk_live_... or sk_test_...)");
        if (string.IsNullOrWhiteSpace(options.DefaultEmail) || options.DefaultEmail.IndexOf('@', StringComparison.Ordinal) <= 0 || options.DefaultEmail.EndsWith('@'))
        {
            failures.Add($"{O}{nameof(PaystackOptions.DefaultEmail)} must be an e-mail address: Paystack requires one on every charge and payers rarely give one.");
        }

        if (options.CallbackUrl is { IsAbsoluteUri: false })
        {
            failures.Add($"{O}{nameof(PaystackOptions.CallbackUrl)} must be an absolute URL.");
        }

        failures.AddIfUnknownCurrency(O + nameof(PaystackOptions.Currencies), options.Currencies);
        failures.AddIfOutside(O + nameof(PaystackOptions.RequestTimeout), options.RequestTimeout, TimeSpan.Zero, ProviderHttpExchange.MaxRequestTimeout, minExclusive: true);
        failures.AddIfOutside(O + nameof(PaystackOptions.NotFoundSettleTime), options.NotFoundSettleTime, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (options.PaymentSessionTimeout is { } session && session <= TimeSpan.Zero)
        {
            failures.Add($"{O}{nameof(PaystackOptions.PaymentSessionTimeout)} must be positive, or unset when the integration's payment sessions never expire (Paystack's default).");
        }

        return failures.ToResult();
    }
}
