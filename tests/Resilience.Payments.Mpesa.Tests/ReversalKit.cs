using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing.Simulators.Mpesa;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>Adapters with refunds configured against the simulator's certificate, refund requests, and signed notices.</summary>
internal static class ReversalKit
{
    public const string InitiatorName = "simulator-initiator";
    public const string InitiatorPassword = "Simulator#Initiator1";

    public static void Configure(DarajaOptions options)
    {
        options.Reversal.InitiatorName = InitiatorName;
        options.Reversal.InitiatorPassword = InitiatorPassword;
        options.Reversal.Certificate = DarajaSimulator.CertificatePem;
    }

    public static DarajaPaymentProvider Provider(Uri baseAddress, TimeProvider time, Action<DarajaOptions>? configure = null) =>
        new(
            new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) },
            Microsoft.Extensions.Options.Options.Create(DarajaTestKit.Options(baseAddress, o =>
            {
                Configure(o);
                configure?.Invoke(o);
            })),
            time);

    public static ProviderRefundRequest Refund(string? receipt, decimal amount = 100, decimal charged = 100, string? providerReference = null, string key = "refund-1") => new()
    {
        PaymentKey = "pay-1",
        RefundKey = key,
        RefundReference = key,
        Amount = Money.Kes(amount),
        AttemptReference = "pay-1-1",
        ChargeReceipt = receipt,
        ChargedAmount = Money.Kes(charged),
        Instrument = new MobileMoneyInstrument(PhoneNumber.Parse("0712345678")),
        ProviderReference = providerReference,
    };

    /// <summary>A refund notice as Daraja would post it to the URL the adapter makes for <paramref name="kind"/> (signed with <see cref="DarajaTestKit.SigningKey"/>).</summary>
    public static PaymentCallback Notice(string kind, string refundReference, byte[] body)
    {
        var signer = new CallbackTokenSigner([DarajaTestKit.SigningKey]);
        return new PaymentCallback
        {
            Body = body,
            Query = new Dictionary<string, string>
            {
                ["refund"] = refundReference,
                ["kind"] = kind,
                ["token"] = signer.Sign("daraja-refund:" + kind, refundReference),
            },
        };
    }

    /// <summary>A throw-away RSA key pair and its certificate in PEM, for a round trip outside the simulator.</summary>
    public static (RSA Key, string Pem) NewKeyPair()
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (key, certificate.ExportCertificatePem());
    }
}
