using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.Webhooks.Internal;

/// <summary>Validates one webhook's options; every failure names its field (<c>Payments:Webhooks:{name}:{field}</c>).</summary>
internal sealed class PaymentWebhookOptionsValidator : IValidateOptions<PaymentWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = "Payments:Webhooks:" + name + ":";
        var failures = new List<string>();
        if (options.Url is null || !options.Url.IsAbsoluteUri)
        {
            failures.Add(prefix + "Url: is required (an absolute https URL).");
        }
        else if (options.Url.Scheme != Uri.UriSchemeHttps && !(options.Url.Scheme == Uri.UriSchemeHttp && IsLoopback(options.Url)))
        {
            failures.Add(prefix + "Url: must be https (http only to a loopback address).");
        }

        if (string.IsNullOrEmpty(options.Secret) || options.Secret.Length < 32)
        {
            failures.Add(prefix + "Secret: must be at least 32 characters.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(60))
        {
            failures.Add(prefix + "Timeout: must be more than 0 and at most 00:01:00.");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add(prefix + "MaxAttempts: must be between 1 and 100.");
        }

        if (options.InitialRetryDelay <= TimeSpan.Zero)
        {
            failures.Add(prefix + "InitialRetryDelay: must be more than 0.");
        }

        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add(prefix + "MaxRetryDelay: must not be shorter than InitialRetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
