using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.Paystack.Internal;

/// <summary>Validates <see cref="PaystackOptions"/>; every message names the option at fault.</summary>
internal sealed class PaystackOptionsValidator : IValidateOptions<PaystackOptions>
{
    public ValidateOptionsResult Validate(string? name, PaystackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.Name)} is required.");
        }

        if (options.BaseAddress is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.BaseAddress)} must be an absolute http(s) URL such as https://api.paystack.co/.");
        }

        if (string.IsNullOrWhiteSpace(options.SecretKey))
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.SecretKey)} is required (sk_live_... or sk_test_...).");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultEmail) || options.DefaultEmail.IndexOf('@', StringComparison.Ordinal) <= 0 || options.DefaultEmail.EndsWith('@'))
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.DefaultEmail)} must be an e-mail address: Paystack requires one on every charge and payers rarely give one.");
        }

        if (options.CallbackUrl is { IsAbsoluteUri: false })
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.CallbackUrl)} must be an absolute URL.");
        }

        if (options.Currencies.Any(c => !Currency.TryGet(c, out _)))
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.Currencies)} must list known ISO 4217 currency codes only.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.RequestTimeout)} must be positive and at most 5 minutes.");
        }

        if (options.NotFoundSettleTime < TimeSpan.Zero || options.NotFoundSettleTime > TimeSpan.FromDays(1))
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.NotFoundSettleTime)} must be between 0 and 1 day.");
        }

        if (options.PaymentSessionTimeout is { } session && session <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(PaystackOptions)}.{nameof(PaystackOptions.PaymentSessionTimeout)} must be positive, or unset when the integration's payment sessions never expire (Paystack's default).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
