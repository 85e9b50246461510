using System;

namespace Resilience.Payments.Mpesa;

/// <summary>
/// Settings of refunds through Daraja's Reversal API (<see cref="DarajaOptions.Reversal"/>): the initiator (an API user of the
/// M-Pesa organisation portal with the "Org Reversals Initiator" role), Safaricom's public certificate that encrypts its password
/// into the <c>SecurityCredential</c>, and where Daraja posts the results. Refunds are off until <see cref="InitiatorName"/> is set;
/// the adapter then declares <see cref="RefundCapabilities.None"/> and the gateway refuses refunds through it.
/// </summary>
/// <remarks>
/// The certificate differs between the sandbox and production (Safaricom publishes both on the developer portal): give it as PEM
/// text in <see cref="Certificate"/> or as a file in <see cref="CertificatePath"/> (PEM or DER), never both. It is read and checked on
/// start; a certificate that cannot be read fails the start with a message naming the option. The password and the credential made
/// from it are never logged.
/// </remarks>
public sealed class DarajaReversalOptions
{
    /// <summary>
    /// Gets or sets the initiator's user name (the API operator of the organisation portal), or <see langword="null"/> (the default)
    /// when refunds are not configured.
    /// </summary>
    public string? InitiatorName { get; set; }

    /// <summary>Gets or sets the initiator's password, encrypted with the certificate into each request's <c>SecurityCredential</c>. Never logged.</summary>
    public string? InitiatorPassword { get; set; }

    /// <summary>Gets or sets Safaricom's public certificate as PEM text (<c>-----BEGIN CERTIFICATE-----</c>), or <see langword="null"/> when <see cref="CertificatePath"/> is used.</summary>
    public string? Certificate { get; set; }

    /// <summary>Gets or sets the path of Safaricom's public certificate file (PEM or DER, as Safaricom's <c>.cer</c> downloads), or <see langword="null"/> when <see cref="Certificate"/> is used.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>
    /// Gets or sets the absolute URL Daraja posts reversal and Transaction Status results to. Default <see langword="null"/>: the
    /// payment <see cref="DarajaOptions.CallbackUrl"/>, the same endpoint, which tells the kinds apart by the signed query parameters
    /// the adapter adds.
    /// </summary>
    public Uri? ResultUrl { get; set; }

    /// <summary>Gets or sets the absolute URL Daraja posts queue time-out notices to. Default <see langword="null"/>: <see cref="ResultUrl"/> (or its default).</summary>
    public Uri? QueueTimeOutUrl { get; set; }

    /// <summary>Gets or sets the organisation short code that received the payments (<c>ReceiverParty</c>, and <c>PartyA</c> of status queries). Default <see langword="null"/>: <see cref="DarajaOptions.BusinessShortCode"/>.</summary>
    public string? ReceiverParty { get; set; }

    /// <summary>Gets a value indicating whether refunds are configured (an initiator is named).</summary>
    internal bool IsConfigured => !string.IsNullOrWhiteSpace(InitiatorName);
}
