using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;
using Resilience.Payments.Http;

namespace Resilience.Payments.AirtelMoney.Internal;

/// <summary>Validates <see cref="AirtelMoneyOptions"/>, collecting every failure; each names the option at fault (<c>AirtelMoneyOptions.Field</c>).</summary>
internal sealed class AirtelMoneyOptionsValidator : IValidateOptions<AirtelMoneyOptions>
{
    private const string O = nameof(AirtelMoneyOptions) + ".";

    public ValidateOptionsResult Validate(string? name, AirtelMoneyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        failures.AddIfBlank(O + nameof(AirtelMoneyOptions.Name), options.Name);
        failures.AddIfNotHttpUrl(O + nameof(AirtelMoneyOptions.BaseAddress), options.BaseAddress, $"must be an absolute http(s) URL, for example {AirtelMoneyOptions.Sandbox}");
        failures.AddIfBlank(O + nameof(AirtelMoneyOptions.ClientId), options.ClientId);
        failures.AddIfBlank(O + nameof(AirtelMoneyOptions.ClientSecret), options.ClientSecret);
        if (!IsLetters(options.Country, 2))
        {
            failures.Add($"{O}{nameof(AirtelMoneyOptions.Country)} must be a two-letter ISO 3166 code, for example KE.");
        }

        if (!IsLetters(options.Currency, 3))
        {
            failures.Add($"{O}{nameof(AirtelMoneyOptions.Currency)} must be a three-letter ISO 4217 code, for example KES.");
        }

        failures.AddIfBlank(O + nameof(AirtelMoneyOptions.DefaultAccountReference), options.DefaultAccountReference);
        failures.AddIfOutside(O + nameof(AirtelMoneyOptions.RequestTimeout), options.RequestTimeout, TimeSpan.Zero, ProviderHttpExchange.MaxRequestTimeout, minExclusive: true);
        failures.AddIfOutside(
            O + nameof(AirtelMoneyOptions.NotFoundSettleTime),
            options.NotFoundSettleTime,
            TimeSpan.Zero,
            TimeSpan.FromDays(1),
            hint: " (Airtel recommends enquiring at least 3 minutes after a collection)");
        failures.AddIfOutside(O + nameof(AirtelMoneyOptions.TokenRefreshBefore), options.TokenRefreshBefore, TimeSpan.Zero, TimeSpan.MaxValue);
        return failures.ToResult();
    }

    private static bool IsLetters(string? value, int length) => value is not null && value.Length == length && value.All(char.IsAsciiLetterUpper);
}
