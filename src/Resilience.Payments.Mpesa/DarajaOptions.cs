using System;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// Settings of the Safaricom M-Pesa Daraja adapter. The same adapter talks to the sandbox, to production or to a simulator:
/// only <see cref="BaseAddress"/> changes.
/// </summary>
public sealed class DarajaOptions
{
    /// <summary>The Daraja sandbox: <c>https://sandbox.safaricom.co.ke</c>.</summary>
    public static readonly Uri Sandbox = new("https://sandbox.safaricom.co.ke/");

    /// <summary>Daraja production: <c>https://api.safaricom.co.ke</c>.</summary>
    public static readonly Uri Production = new("https://api.safaricom.co.ke/");

    /// <summary>Gets or sets the provider's name in the gateway (failover order, records, telemetry). Default <c>mpesa</c>.</summary>
    public string Name { get; set; } = "mpesa";

    /// <summary>Gets or sets the Daraja base address: <see cref="Sandbox"/>, <see cref="Production"/> or a simulator's URL. Default <see cref="Sandbox"/>.</summary>
    public Uri? BaseAddress { get; set; } = Sandbox;

    /// <summary>Gets or sets the app's consumer key.</summary>
    public string ConsumerKey { get; set; } = string.Empty;

    /// <summary>Gets or sets the app's consumer secret. Never logged.</summary>
    public string ConsumerSecret { get; set; } = string.Empty;

    /// <summary>Gets or sets the business short code (pay bill or head office number), digits only, for example <c>174379</c>.</summary>
    public string BusinessShortCode { get; set; } = string.Empty;

    /// <summary>Gets or sets the Lipa na M-Pesa Online passkey. Never logged.</summary>
    public string Passkey { get; set; } = string.Empty;

    /// <summary>Gets or sets the transaction type. Default <see cref="DarajaTransactionType.CustomerPayBillOnline"/>.</summary>
    public DarajaTransactionType TransactionType { get; set; } = DarajaTransactionType.CustomerPayBillOnline;

    /// <summary>Gets or sets the receiving party: the till number for buy goods. Defaults to <see cref="BusinessShortCode"/> when empty.</summary>
    public string? PartyB { get; set; }

    /// <summary>Gets or sets the absolute URL Daraja posts the stkCallback to. Callbacks are unsigned: confirm them (see <see cref="DarajaPaymentProvider.ConfirmAsync"/>).</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Gets or sets the AccountReference sent when a payment has none (max 12 characters). Default <c>Payment</c>.</summary>
    public string DefaultAccountReference { get; set; } = "Payment";

    /// <summary>Gets or sets the TransactionDesc sent when a payment has no description (max 13 characters). Default <c>Payment</c>.</summary>
    public string DefaultTransactionDescription { get; set; } = "Payment";

    /// <summary>Gets or sets the HTTP timeout of one Daraja call. A timed-out STK push is reported as Unknown. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets whether each STK push's CallBackURL carries the attempt's reference as the query parameter
    /// <see cref="DarajaPaymentProvider.AttemptQueryParameter"/>, so that a callback for a push whose reply was lost (no
    /// CheckoutRequestID known) still finds its payment. The callback is confirmed by an STK query either way. Default
    /// <see langword="true"/>.
    /// </summary>
    public bool CallbackUrlIncludesAttempt { get; set; } = true;

    /// <summary>
    /// Gets or sets whether an STK push that got no reply (so no CheckoutRequestID, and no STK query possible) is reconciled
    /// against the short code's statement with the Pull Transactions API (<c>POST /pulltransactions/v1/query</c>; the short code
    /// must be registered for it). Without it such a push stays unresolved until its callback arrives. Default
    /// <see langword="false"/>.
    /// </summary>
    public bool UsePullTransactions { get; set; }

    /// <summary>
    /// Gets or sets how long after an unanswered STK push the statement is taken as complete: a push with no matching statement
    /// entry by then was never paid (the PIN prompt expired) and is reported NotProcessed, which frees the payment for failover.
    /// Keep it well above the prompt's lifetime and the statement's delay. Used only with <see cref="UsePullTransactions"/>.
    /// Default 10 minutes.
    /// </summary>
    public TimeSpan StatementSettleTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets the receiving party actually sent: <see cref="PartyB"/>, or the short code.</summary>
    internal string EffectivePartyB => string.IsNullOrWhiteSpace(PartyB) ? BusinessShortCode : PartyB;
}
