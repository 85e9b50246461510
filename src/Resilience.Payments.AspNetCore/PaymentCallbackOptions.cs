using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;
using Resilience.Payments.AspNetCore.Internal;

namespace Resilience.Payments.AspNetCore;

/// <summary>
/// How <c>MapPaymentCallbacks</c> guards the callback endpoints. Every property has a safe default; <see cref="Validate"/>
/// (run when the endpoints are mapped) refuses contradictory or unusable values with a message naming the property.
/// </summary>
public sealed class PaymentCallbackOptions
{
    /// <summary>The default <see cref="MaxBodyBytes"/>: 64 KiB, far above any provider's callback (Daraja's is under 1 KiB).</summary>
    public const long DefaultMaxBodyBytes = 64 * 1024;

    /// <summary>The shortest <see cref="SecretPathSegment"/> accepted: 16 characters.</summary>
    public const int MinSecretLength = 16;

    /// <summary>
    /// Gets or sets a secret path segment. When set, the endpoints are <c>{prefix}/{secret}/{provider}</c> and a request with
    /// another segment gets <c>404</c> (compared in constant time). Useful for unsigned callbacks (Daraja, Pesapal IPN) whose
    /// URL is their only credential: register the full URL with the provider and keep it out of logs. At least
    /// <see cref="MinSecretLength"/> characters of <c>A-Z a-z 0-9 - _ . ~</c>. Default <see langword="null"/> (no segment).
    /// </summary>
    public string? SecretPathSegment { get; set; }

    /// <summary>
    /// Gets or sets the largest body read, in bytes; a longer body gets <c>413</c> and changes nothing. Default
    /// <see cref="DefaultMaxBodyBytes"/> (64 KiB). 1 byte to 16 MiB.
    /// </summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>
    /// Gets the source addresses every provider's endpoint accepts when that provider has no list of its own in
    /// <see cref="ProviderAllowedSources"/>: IP addresses (<c>196.201.214.200</c>) or CIDR ranges (<c>196.201.214.0/24</c>,
    /// <c>2001:db8::/32</c>). A request from elsewhere gets <c>403</c> and changes nothing. Empty (the default) accepts any
    /// source.
    /// </summary>
    /// <remarks>
    /// The source is <c>HttpContext.Connection.RemoteIpAddress</c>. Behind a reverse proxy or load balancer that is the
    /// proxy's address, unless the application runs <c>UseForwardedHeaders</c> (with its own trusted proxies) before the
    /// endpoints: only then is <c>X-Forwarded-For</c> taken into account. These endpoints never read the header themselves,
    /// because anybody can send it.
    /// </remarks>
    public IList<string> AllowedSources { get; } = new List<string>();

    /// <summary>
    /// Gets per-provider source allow-lists, keyed by provider name (ignoring case), in the syntax of
    /// <see cref="AllowedSources"/>. A provider listed here uses only its own list, instead of <see cref="AllowedSources"/>.
    /// Default empty.
    /// </summary>
    public IDictionary<string, IList<string>> ProviderAllowedSources { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds sources to <see cref="AllowedSources"/>.</summary>
    /// <param name="sources">IP addresses or CIDR ranges.</param>
    /// <returns>These options.</returns>
    public PaymentCallbackOptions AllowSources(params string[] sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            AllowedSources.Add(source);
        }

        return this;
    }

    /// <summary>Adds sources to <paramref name="provider"/>'s list in <see cref="ProviderAllowedSources"/>.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="sources">IP addresses or CIDR ranges.</param>
    /// <returns>These options.</returns>
    public PaymentCallbackOptions AllowSourcesFor(string provider, params string[] sources)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(sources);
        if (!ProviderAllowedSources.TryGetValue(provider, out var list))
        {
            list = new List<string>();
            ProviderAllowedSources[provider] = list;
        }

        foreach (var source in sources)
        {
            list.Add(source);
        }

        return this;
    }

    /// <summary>Checks every value.</summary>
    /// <returns>One message per problem, naming the property; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (SecretPathSegment is { } secret
            && (secret.Length < MinSecretLength || !secret.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')))
        {
            failures.Add($"{nameof(SecretPathSegment)} must be at least {MinSecretLength} characters of A-Z a-z 0-9 - _ . ~ (or null for none).");
        }

        if (MaxBodyBytes is < 1 or > 16 * 1024 * 1024)
        {
            failures.Add($"{nameof(MaxBodyBytes)} must be between 1 and 16 MiB.");
        }

        foreach (var source in AllowedSources)
        {
            if (!SourceAllowList.TryParse(source, out _))
            {
                failures.Add($"{nameof(AllowedSources)}: '{source}' is not an IP address or CIDR range.");
            }
        }

        foreach (var (provider, sources) in ProviderAllowedSources)
        {
            if (sources is null || sources.Count == 0)
            {
                failures.Add($"{nameof(ProviderAllowedSources)}['{provider}'] is empty: remove the entry to use {nameof(AllowedSources)}, or list the provider's addresses.");
                continue;
            }

            foreach (var source in sources)
            {
                if (!SourceAllowList.TryParse(source, out _))
                {
                    failures.Add($"{nameof(ProviderAllowedSources)}['{provider}']: '{source}' is not an IP address or CIDR range.");
                }
            }
        }

        return failures;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    internal void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(PaymentCallbackOptions), typeof(PaymentCallbackOptions), failures);
        }
    }
}
