using System;
using System.Collections.Generic;
using Resilience.Payments.Http;

namespace Resilience.Payments.Pesapal;

/// <summary>Settings of the Pesapal API 3.0 adapter, usually bound from configuration (for example <c>Payments:Pesapal</c>).</summary>
/// <remarks>
/// Environments (the rule of every adapter): <see cref="BaseAddress"/> defaults to the Pesapal sandbox, <see cref="Sandbox"/>
/// (<c>https://cybqa.pesapal.com/pesapalv3/</c>); production needs an explicit <see cref="BaseAddress"/>, <see cref="Production"/> (<c>https://pay.pesapal.com/v3/</c>), set in
/// code or in configuration. A simulator's URL works the same way.
/// </remarks>
public sealed class PesapalOptions
{
    /// <summary>The default provider name, <c>pesapal</c>.</summary>
    public const string DefaultName = "pesapal";

    /// <summary>Pesapal's sandbox: <c>https://cybqa.pesapal.com/pesapalv3/</c>.</summary>
    public static readonly Uri Sandbox = new("https://cybqa.pesapal.com/pesapalv3/");

    /// <summary>Pesapal production: <c>https://pay.pesapal.com/v3/</c>.</summary>
    public static readonly Uri Production = new("https://pay.pesapal.com/v3/");

    /// <summary>Gets or sets the provider name the gateway routes by and IPNs are matched to.</summary>
    public string Name { get; set; } = DefaultName;

    /// <summary>Gets or sets the API base address: <see cref="Sandbox"/>, <see cref="Production"/> or a simulator's URL. Default <see cref="Sandbox"/>.</summary>
    public Uri? BaseAddress { get; set; } = Sandbox;

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

    /// <summary>
    /// Gets or sets how long one HTTP call to Pesapal may take, its answer read in full. A money-moving call without an answer in time
    /// is <see cref="OutcomeKind.Unknown"/> and settled later by a status query; a status query without one is asked again. Above
    /// zero, at most 5 minutes. Default 30 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = ProviderHttpExchange.DefaultRequestTimeout;

    /// <summary>
    /// Gets or sets the <c>username</c> sent with every refund request ("identity of the user who has initiated the refund"), at
    /// most 100 characters. Default <c>Resilience.Payments</c>.
    /// </summary>
    public string RefundUsername { get; set; } = "Resilience.Payments";

    /// <summary>Gets or sets how long before its <c>expiryDate</c> a token is replaced; 30 seconds by default (Pesapal tokens last about five minutes).</summary>
    public TimeSpan TokenRefreshBefore { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The currencies in effect: <see cref="Currencies"/>, or <c>KES</c> when it is empty.</summary>
    internal IReadOnlyCollection<string> EffectiveCurrencies => Currencies.Count == 0 ? ["KES"] : [.. Currencies];
}
