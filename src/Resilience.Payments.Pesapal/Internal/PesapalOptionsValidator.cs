using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>Validates <see cref="PesapalOptions"/>; every message names the option at fault.</summary>
internal sealed class PesapalOptionsValidator : IValidateOptions<PesapalOptions>
{
    public ValidateOptionsResult Validate(string? name, PesapalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string O = nameof(PesapalOptions);
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.Name)} is required.");
        }

        if (!IsHttpUrl(options.BaseAddress))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.BaseAddress)} must be an absolute http(s) URL such as https://pay.pesapal.com/v3/ (sandbox https://cybqa.pesapal.com/pesapalv3/).");
        }

        if (string.IsNullOrWhiteSpace(options.ConsumerKey))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.ConsumerKey)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.ConsumerSecret))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.ConsumerSecret)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.NotificationId) && options.IpnUrl is null)
        {
            failures.Add($"{O}.{nameof(PesapalOptions.IpnUrl)} or {O}.{nameof(PesapalOptions.NotificationId)} is required: Pesapal needs a registered IPN on every order.");
        }
        else if (options.IpnUrl is not null && !IsHttpUrl(options.IpnUrl))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.IpnUrl)} must be an absolute http(s) URL Pesapal can reach.");
        }

        if (!Enum.IsDefined(options.IpnMethod))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.IpnMethod)} must be Post or Get.");
        }

        if (!IsHttpUrl(options.CallbackUrl))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.CallbackUrl)} is required: an absolute http(s) URL Pesapal's checkout sends the payer back to.");
        }

        if (options.Currencies.Any(c => !Currency.TryGet(c, out _)))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.Currencies)} must list known ISO 4217 currency codes only.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.RequestTimeout)} must be positive and at most 5 minutes.");
        }

        if (options.TokenRefreshBefore < TimeSpan.Zero || options.TokenRefreshBefore > TimeSpan.FromMinutes(4))
        {
            failures.Add($"{O}.{nameof(PesapalOptions.TokenRefreshBefore)} must be between 0 and 4 minutes (Pesapal tokens last about five).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(Uri? uri) =>
        uri is { IsAbsoluteUri: true } u && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);
}
