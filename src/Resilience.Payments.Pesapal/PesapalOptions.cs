using System;
using System.Collections.Generic;

namespace Resilience.Payments.Pesapal;

/// <summary>Settings of the Pesapal API 3.0 adapter, usually bound from configuration (for example <c>Payments:Pesapal</c>).</summary>
public sealed class PesapalOptions
{
    /// <summary>The default provider name, <c>pesapal</c>.</summary>
    public const string DefaultName = "pesapal";

    /// <summary>Gets or sets the provider name the gateway routes by and IPNs are matched to.</summary>
    public string Name { get; set; } = DefaultName;

    /// <summary>
    /// Gets or sets the API base address: <c>https://pay.pesapal.com/v3/</c> in production (the default),
    /// <c>https://cybqa.pesapal.com/pesapalv3/</c> in the sandbox.
    /// </summary>
    public Uri? BaseAddress { get; set; } = new("https://pay.pesapal.com/v3/");

    /// <summary>Gets or sets the consumer key of the merchant account.</summary>
    public string? ConsumerKey { get; set; }

    /// <summary>Gets or sets the consumer secret of the merchant account. Never logged.</summary>
    public string? ConsumerSecret { get; set; }

    /// <summary>
    /// Gets or sets the public URL Pesapal sends IPNs to; registered once (<c>POST /api/URLSetup/RegisterIPN</c>) on the first
    /// order. Not needed when <see cref="NotificationId"/> is set.
    /// </summary>
    public Uri? IpnUrl { get; set; }

    /// <summary>Gets or sets how Pesapal calls <see cref="IpnUrl"/>; POST by default.</summary>
    public PesapalIpnMethod IpnMethod { get; set; } = PesapalIpnMethod.Post;

    /// <summary>Gets or sets an IPN id registered beforehand (<c>notification_id</c>); used as is, and <see cref="IpnUrl"/> is then not registered.</summary>
    public string? NotificationId { get; set; }

    /// <summary>Gets or sets where Pesapal's checkout sends the payer back (<c>callback_url</c>); required by Pesapal.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Gets the currencies this Pesapal account takes; when empty (the default), <c>KES</c> only.</summary>
    /// <remarks>Empty rather than pre-filled so that binding a list from configuration replaces the default instead of appending to it.</remarks>
    public IList<string> Currencies { get; } = new List<string>();

    /// <summary>Gets or sets how long one HTTP call may take; 30 seconds by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long before its <c>expiryDate</c> a token is replaced; 30 seconds by default (Pesapal tokens last about five minutes).</summary>
    public TimeSpan TokenRefreshBefore { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The currencies in effect: <see cref="Currencies"/>, or <c>KES</c> when it is empty.</summary>
    internal IReadOnlyCollection<string> EffectiveCurrencies => Currencies.Count == 0 ? ["KES"] : [.. Currencies];
}
