using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;
using Resilience.Payments.Http;

namespace Resilience.Payments.Pesapal.Internal;

/// <summary>Validates <see cref="PesapalOptions"/>, collecting every failure; each names the option at fault (<c>PesapalOptions.Field</c>).</summary>
internal sealed class PesapalOptionsValidator : IValidateOptions<PesapalOptions>
{
    private const string O = nameof(PesapalOptions) + ".";

    public ValidateOptionsResult Validate(string? name, PesapalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        failures.AddIfBlank(O + nameof(PesapalOptions.Name), options.Name);
        failures.AddIfNotHttpUrl(O + nameof(PesapalOptions.BaseAddress), options.BaseAddress, $"must be an absolute http(s) URL such as {PesapalOptions.Sandbox} (production {PesapalOptions.Production})");
        failures.AddIfBlank(O + nameof(PesapalOptions.ConsumerKey), options.ConsumerKey);
        failures.AddIfBlank(O + nameof(PesapalOptions.ConsumerSecret), options.ConsumerSecret);
        if (string.IsNullOrWhiteSpace(options.NotificationId) && options.IpnUrl is null)
        {
            failures.Add($"{O}{nameof(PesapalOptions.IpnUrl)} or {O}{nameof(PesapalOptions.NotificationId)} is required: Pesapal needs a registered IPN on every order.");
        }
        else if (options.IpnUrl is not null)
        {
            failures.AddIfNotHttpUrl(O + nameof(PesapalOptions.IpnUrl), options.IpnUrl, "must be an absolute http(s) URL Pesapal can reach");
        }

        if (!Enum.IsDefined(options.IpnMethod))
        {
            failures.Add($"{O}{nameof(PesapalOptions.IpnMethod)} must be Post or Get.");
        }

        failures.AddIfNotHttpUrl(O + nameof(PesapalOptions.CallbackUrl), options.CallbackUrl, "is required: an absolute http(s) URL Pesapal's checkout sends the payer back to");
        failures.AddIfUnknownCurrency(O + nameof(PesapalOptions.Currencies), options.Currencies);
        failures.AddIfOutside(O + nameof(PesapalOptions.RequestTimeout), options.RequestTimeout, TimeSpan.Zero, ProviderHttpExchange.MaxRequestTimeout, minExclusive: true);
        failures.AddIfOutside(O + nameof(PesapalOptions.TokenRefreshBefore), options.TokenRefreshBefore, TimeSpan.Zero, TimeSpan.FromMinutes(4), hint: " (Pesapal tokens last about five)");
        failures.AddIfBlank(O + nameof(PesapalOptions.RefundUsername), options.RefundUsername);
        if (options.RefundUsername is { Length: > 100 })
        {
            failures.Add($"{O}{nameof(PesapalOptions.RefundUsername)} must be at most 100 characters.");
        }

        return failures.ToResult();
    }
}
