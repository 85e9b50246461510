using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.AirtelMoney.Internal;

/// <summary>Validates <see cref="AirtelMoneyOptions"/>; every message names the option at fault.</summary>
internal sealed class AirtelMoneyOptionsValidator : IValidateOptions<AirtelMoneyOptions>
{
    private const string Prefix = nameof(AirtelMoneyOptions) + ".";

    public ValidateOptionsResult Validate(string? name, AirtelMoneyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.Name)} is required.");
        }

        if (options.BaseAddress is not { IsAbsoluteUri: true } baseAddress || (baseAddress.Scheme != Uri.UriSchemeHttps && baseAddress.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.BaseAddress)} must be an absolute http(s) URL, for example {AirtelMoneyOptions.Uat}.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.ClientId)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.ClientSecret)} is required.");
        }

        if (!IsLetters(options.Country, 2))
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.Country)} must be a two-letter ISO 3166 code, for example KE.");
        }

        if (!IsLetters(options.Currency, 3))
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.Currency)} must be a three-letter ISO 4217 code, for example KES.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultReference))
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.DefaultReference)} is required.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.Timeout)} must be positive.");
        }

        if (options.NotFoundSettleTime < TimeSpan.Zero || options.NotFoundSettleTime > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.NotFoundSettleTime)} must be between zero and one day (Airtel recommends enquiring at least 3 minutes after a collection).");
        }

        if (options.TokenRefreshMargin < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(AirtelMoneyOptions.TokenRefreshMargin)} must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLetters(string? value, int length) => value is not null && value.Length == length && value.All(char.IsAsciiLetterUpper);
}
