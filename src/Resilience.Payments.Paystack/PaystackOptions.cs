using System;
using System.Collections.Generic;

namespace Resilience.Payments.Paystack;

/// <summary>Settings of the Paystack adapter, usually bound from configuration (for example <c>Payments:Paystack</c>).</summary>
public sealed class PaystackOptions
{
    /// <summary>The default provider name, <c>paystack</c>.</summary>
    public const string DefaultName = "paystack";

    /// <summary>Gets or sets the provider name the gateway routes by and callbacks are matched to.</summary>
    public string Name { get; set; } = DefaultName;

    /// <summary>Gets or sets the API base address; <c>https://api.paystack.co/</c> in production.</summary>
    public Uri? BaseAddress { get; set; } = new("https://api.paystack.co/");

    /// <summary>Gets or sets the secret key (<c>sk_live_...</c> or <c>sk_test_...</c>): the bearer credential and the webhook signing key. Never logged.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Gets or sets the e-mail address sent when the payer gave none; Paystack requires one on every charge.</summary>
    public string? DefaultEmail { get; set; }

    /// <summary>Gets or sets where Paystack's hosted checkout sends the payer back; optional.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Gets the currencies this Paystack account takes; when empty (the default), <c>KES</c> only.</summary>
    /// <remarks>Empty rather than pre-filled so that binding a list from configuration replaces the default instead of appending to it.</remarks>
    public IList<string> Currencies { get; } = new List<string>();

    /// <summary>Gets or sets how long one HTTP call may take before its outcome is classed Unknown (a charge) and verified later; 30 seconds by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The currencies in effect: <see cref="Currencies"/>, or <c>KES</c> when it is empty.</summary>
    internal IReadOnlyCollection<string> EffectiveCurrencies => Currencies.Count == 0 ? ["KES"] : [.. Currencies];
}
