using System;
using System.Collections.Generic;
using Resilience.Payments.Http;

namespace Resilience.Payments.Paystack;

/// <summary>Settings of the Paystack adapter, usually bound from configuration (for example <c>Payments:Paystack</c>).</summary>
/// <remarks>
/// Environments (the rule of every adapter: the provider's test environment unless told otherwise): Paystack has one host,
/// <see cref="Api"/> (<c>https://api.paystack.co/</c>), for test and live mode alike; the <see cref="SecretKey"/> decides. A test
/// key (<c>sk_test_...</c>) moves no real money; live payments need an explicit live key (<c>sk_live_...</c>). A simulator's URL
/// goes in <see cref="BaseAddress"/>.
/// </remarks>
public sealed class PaystackOptions
{
    /// <summary>The default provider name, <c>paystack</c>.</summary>
    public const string DefaultName = "paystack";

    /// <summary>Paystack's API, for test and live mode alike (the secret key decides): <c>https://api.paystack.co/</c>.</summary>
    public static readonly Uri Api = new("https://api.paystack.co/");

    /// <summary>Gets or sets the provider name the gateway routes by and callbacks are matched to.</summary>
    public string Name { get; set; } = DefaultName;

    /// <summary>Gets or sets the API base address: <see cref="Api"/> (test and live mode; the secret key decides) or a simulator's URL. Default <see cref="Api"/>.</summary>
    public Uri? BaseAddress { get; set; } = Api;

    /// <summary>
    /// Gets or sets the secret key: the bearer credential and the webhook signing key. A test key (<c>sk_test_...</c>) is Paystack's
    /// test mode, a live key (<c>sk_live_...</c>) moves real money. Never logged.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>Gets or sets the e-mail address sent when the payer gave none; Paystack requires one on every charge.</summary>
    public string? DefaultEmail { get; set; }

    /// <summary>Gets or sets where Paystack's hosted checkout sends the payer back; optional.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Gets the currencies this Paystack account takes; when empty (the default), <c>KES</c> only.</summary>
    /// <remarks>Empty rather than pre-filled so that binding a list from configuration replaces the default instead of appending to it.</remarks>
    public IList<string> Currencies { get; } = new List<string>();

    /// <summary>
    /// Gets or sets how long one HTTP call to Paystack may take, its answer read in full. A money-moving call without an answer in time
    /// is <see cref="OutcomeKind.Unknown"/> and settled later by a status query; a status query without one is asked again. Above
    /// zero, at most 5 minutes. Default 30 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = ProviderHttpExchange.DefaultRequestTimeout;

    /// <summary>
    /// Gets or sets how long after a charge was last possibly in flight a verify answer "Transaction reference not found" is
    /// believed (<see cref="ProviderStatusRequest.NotFoundIsConclusive"/>; the gateway adds the provider's recently observed delay).
    /// Earlier, a <c>/charge</c> still queued at Paystack may land after the gateway failed over (one did, 1.5 s after such an
    /// answer), so the answer is <see cref="OutcomeKind.Unknown"/> and the attempt is verified again later. Default 2 minutes:
    /// Paystack documents no processing lag, and two minutes cover the 60-second request timeouts of the load balancers in front
    /// of web APIs twice over, the same window as the Airtel adapter's. A retry on Paystack after a conclusive "not found" reuses
    /// the reference, which Paystack refuses to charge twice, so a landing later still is refused as a duplicate. The same window
    /// applies to refunds: a refund whose answer was lost and that no listing of its transaction's refunds shows
    /// (<c>GET /refund?transaction=</c>) is believed never made only this long after it was last possibly in flight.
    /// </summary>
    public TimeSpan NotFoundSettleTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how long a Paystack transaction stays payable: the payment session timeout of the integration (Paystack dashboard,
    /// or <c>PUT /integration/payment_session_timeout</c>). <see langword="null"/> (the default) is Paystack's own default: "sessions
    /// on Paystack never expire… a customer can complete payments at their own convenience"
    /// (https://docs-v1.paystack.com/docs/payment-session-timeouts). A verify answer <c>abandoned</c> ("the customer has not
    /// completed the transaction") is then <see cref="OutcomeKind.Pending"/> for ever, and the gateway raises
    /// <c>PaymentNeedsAttentionEvent</c> after <c>Reconciliation:AttentionAfter</c>; with a timeout it becomes
    /// <see cref="OutcomeKind.Declined"/> once the timeout has passed since the attempt was last possibly in flight, plus
    /// <see cref="NotFoundSettleTime"/>. Never set it shorter than the integration's: a payer still on the checkout page could pay
    /// a payment the ledger calls declined.
    /// </summary>
    public TimeSpan? PaymentSessionTimeout { get; set; }

    /// <summary>The currencies in effect: <see cref="Currencies"/>, or <c>KES</c> when it is empty.</summary>
    internal IReadOnlyCollection<string> EffectiveCurrencies => Currencies.Count == 0 ? ["KES"] : [.. Currencies];
}
