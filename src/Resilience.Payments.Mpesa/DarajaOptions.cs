using System;
using System.Collections.Generic;
using Resilience.Payments.Http;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// Settings of the Safaricom M-Pesa Daraja adapter. The same adapter talks to the sandbox, to production or to a simulator:
/// only <see cref="BaseAddress"/> changes.
/// </summary>
/// <remarks>
/// Environments (the rule of every adapter): <see cref="BaseAddress"/> defaults to the Daraja sandbox, <see cref="Sandbox"/>
/// (<c>https://sandbox.safaricom.co.ke</c>); production needs an explicit <see cref="BaseAddress"/>, <see cref="Production"/> (<c>https://api.safaricom.co.ke</c>), set in
/// code or in configuration. A simulator's URL works the same way.
/// </remarks>
public sealed class DarajaOptions
{
    /// <summary>The default provider name, <c>mpesa</c>.</summary>
    public const string DefaultName = "mpesa";

    /// <summary>The Daraja sandbox: <c>https://sandbox.safaricom.co.ke</c>.</summary>
    public static readonly Uri Sandbox = new("https://sandbox.safaricom.co.ke/");

    /// <summary>Daraja production: <c>https://api.safaricom.co.ke</c>.</summary>
    public static readonly Uri Production = new("https://api.safaricom.co.ke/");

    /// <summary>Gets or sets the provider's name in the gateway (failover order, records, telemetry). Default <c>mpesa</c>.</summary>
    public string Name { get; set; } = DefaultName;

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

    /// <summary>
    /// Gets or sets how long one HTTP call to Daraja may take, its answer read in full. A money-moving call without an answer in time
    /// is <see cref="OutcomeKind.Unknown"/> and settled later by a status query; a status query without one is asked again. Above
    /// zero, at most 5 minutes. Default 30 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = ProviderHttpExchange.DefaultRequestTimeout;

    /// <summary>
    /// Gets or sets whether each STK push's CallBackURL carries the attempt's reference (query parameter
    /// <see cref="DarajaPaymentProvider.AttemptQueryParameter"/>) and a token the library signs for it with
    /// <see cref="CallbackSigningKeys"/> (query parameter <see cref="DarajaPaymentProvider.AttemptTokenQueryParameter"/>), so that the
    /// callback of a push whose reply was lost (no CheckoutRequestID known) still finds its attempt, and so that its amount, payer
    /// and time are taken from the callback. A callback whose token does not verify is treated as if the URL named no attempt. The
    /// callback's outcome is confirmed by an STK query either way. Default <see langword="true"/>, which requires
    /// <see cref="CallbackSigningKeys"/>; when <see langword="false"/>, a push whose reply was lost is settled only by the statement
    /// (<see cref="UsePullTransactions"/>) or by a person.
    /// </summary>
    public bool CallbackUrlIncludesAttempt { get; set; } = true;

    /// <summary>
    /// Gets the secret keys that sign the attempt carried in each CallBackURL (HMAC-SHA256, see
    /// <see cref="Callbacks.CallbackTokenSigner"/>): the first signs, every one verifies, so that a key can be rotated without
    /// refusing the callbacks of pushes sent before the rotation (add the new key first, remove the old one once its pushes have
    /// settled, a day later). Each at least <see cref="Callbacks.CallbackTokenSigner.MinKeyLength"/> characters of random text;
    /// keep them with the application's other secrets, never in source control. Required when
    /// <see cref="CallbackUrlIncludesAttempt"/> is <see langword="true"/>. Never logged.
    /// </summary>
    public IList<string> CallbackSigningKeys { get; } = new List<string>();

    /// <summary>
    /// Gets or sets whether an STK push that got no reply (so no CheckoutRequestID, and no STK query possible) is reconciled
    /// against the short code's statement with the Pull Transactions API (<c>POST /pulltransactions/v1/query</c>; the short code
    /// must be registered for it). Without it such a push stays unresolved until its callback arrives. Default
    /// <see langword="false"/>.
    /// </summary>
    public bool UsePullTransactions { get; set; }

    /// <summary>
    /// Gets or sets how long after an unanswered STK push was last possibly in flight the statement is taken as complete: a push
    /// with no matching statement entry by then was never paid (the PIN prompt expired) and is reported NotProcessed, which frees
    /// the payment for failover. The window also stretches with the provider's recently observed delay (see
    /// <see cref="ProviderStatusRequest.NotFoundConclusiveAt"/>). Keep it well above the prompt's lifetime and the statement's
    /// delay. Used only with <see cref="UsePullTransactions"/>. Default 10 minutes.
    /// </summary>
    public TimeSpan StatementSettleTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long after an STK push was last possibly in flight an STK query answering that M-Pesa has no such
    /// CheckoutRequestID (<c>400.002.02 Bad Request - Invalid CheckoutRequestID</c>) is taken as proof that the push was never
    /// charged (<see cref="OutcomeKind.NotProcessed"/>, which frees the payment for failover); before that the answer is
    /// <see cref="OutcomeKind.Unknown"/>. The window also stretches with the provider's recently observed delay (see
    /// <see cref="ProviderStatusRequest.NotFoundConclusiveAt"/>). Keep it well above the PIN prompt's lifetime (about a minute
    /// before <c>1037</c>) and the callback's delay. Default 10 minutes.
    /// </summary>
    public TimeSpan NotFoundSettleTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets the settings of refunds through the Reversal API (initiator, certificate, result URLs). Refunds are off until
    /// <see cref="DarajaReversalOptions.InitiatorName"/> is set.
    /// </summary>
    public DarajaReversalOptions Reversal { get; } = new();

    /// <summary>Gets the receiving party actually sent: <see cref="PartyB"/>, or the short code.</summary>
    internal string EffectivePartyB => string.IsNullOrWhiteSpace(PartyB) ? BusinessShortCode : PartyB;
}
