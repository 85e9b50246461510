using System;
using Resilience.Payments.Http;

namespace Resilience.Payments.AirtelMoney;

/// <summary>
/// Settings of the Airtel Money Open API adapter, usually bound from configuration (for example <c>Payments:AirtelMoney</c>).
/// The same adapter talks to UAT, to production or to a simulator: only <see cref="BaseAddress"/> changes.
/// </summary>
/// <remarks>
/// Environments (the rule of every adapter): <see cref="BaseAddress"/> defaults to Airtel's sandbox (UAT), <see cref="Sandbox"/>
/// (<c>https://openapiuat.airtel.africa</c>); production needs an explicit <see cref="BaseAddress"/>, <see cref="Production"/> (<c>https://openapi.airtel.africa</c>), set in
/// code or in configuration. A simulator's URL works the same way.
/// </remarks>
public sealed class AirtelMoneyOptions
{
    /// <summary>The default provider name, <c>airtel</c>.</summary>
    public const string DefaultName = "airtel";

    /// <summary>Airtel's sandbox, the UAT (test) environment: <c>https://openapiuat.airtel.africa</c>.</summary>
    public static readonly Uri Sandbox = new("https://openapiuat.airtel.africa/");

    /// <summary>Airtel's production environment: <c>https://openapi.airtel.africa</c>.</summary>
    public static readonly Uri Production = new("https://openapi.airtel.africa/");

    /// <summary>Gets or sets the provider's name in the gateway (failover order, records, telemetry, callback route). Default <c>airtel</c>.</summary>
    public string Name { get; set; } = DefaultName;

    /// <summary>Gets or sets the API base address: <see cref="Sandbox"/>, <see cref="Production"/> or a simulator's URL. Default <see cref="Sandbox"/>.</summary>
    public Uri? BaseAddress { get; set; } = Sandbox;

    /// <summary>Gets or sets the application's client id.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Gets or sets the application's client secret. Never logged.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Gets or sets the ISO 3166 country sent in <c>X-Country</c> and the body. Default <c>KE</c>.</summary>
    public string Country { get; set; } = "KE";

    /// <summary>Gets or sets the ISO 4217 currency sent in <c>X-Currency</c> and the body; the only currency the adapter charges. Default <c>KES</c>.</summary>
    public string Currency { get; set; } = "KES";

    /// <summary>Gets or sets the <c>reference</c> the payer sees when a payment has neither an account reference nor a description. Default <c>Payment</c>.</summary>
    public string DefaultAccountReference { get; set; } = "Payment";

    /// <summary>
    /// Gets or sets how long one HTTP call to Airtel may take, its answer read in full. A money-moving call without an answer in time
    /// is <see cref="OutcomeKind.Unknown"/> and settled later by a status query; a status query without one is asked again. Above
    /// zero, at most 5 minutes. Default 30 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = ProviderHttpExchange.DefaultRequestTimeout;

    /// <summary>
    /// Gets or sets how long Airtel may take to register a collection it received: an enquiry answer "no such transaction"
    /// (<c>ESB000045</c>, <c>DP00800001025</c>) is believed only this long after the request was last possibly in flight
    /// (<see cref="ProviderStatusRequest.LastInFlightAt"/>: when Airtel answered, or when the gateway stopped waiting), plus how much
    /// slower than usual Airtel is answering now (<see cref="ProviderStatusRequest.ObservedDelay"/>, measured by the gateway): an
    /// overloaded Airtel can hold a request in its queue well past the client's timeout and still charge it. Earlier, the answer is
    /// <see cref="OutcomeKind.Unknown"/> and the attempt is asked about again later. Default 3 minutes: Airtel's Collection API
    /// recommends running the transaction enquiry at least three minutes after the payment request
    /// (https://developers.airtel.africa/documentation, Transaction Enquiry). Between zero and one day.
    /// </summary>
    public TimeSpan NotFoundSettleTime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Gets or sets how long before its expiry a token is replaced. Airtel tokens are short-lived (<c>expires_in</c> 180 s);
    /// a token living less than twice this margin is used for half its life. Default 30 seconds.
    /// </summary>
    public TimeSpan TokenRefreshBefore { get; set; } = TimeSpan.FromSeconds(30);
}
