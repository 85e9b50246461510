using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Resilience.Payments.Testing.Simulators.Mpesa.Internal;

/// <summary>
/// The simulator's stand-in for Safaricom's key pair: an RSA 2048 key and a self-signed certificate made once per process (key
/// generation is slow), whose PEM the adapter takes as its certificate. Decrypts SecurityCredentials (RSA, PKCS#1 v1.5).
/// </summary>
internal sealed class DarajaKeyPair
{
    private static readonly Lazy<DarajaKeyPair> Shared = new(static () => new DarajaKeyPair(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly RSA _key;
    private readonly object _gate = new();

    private DarajaKeyPair()
    {
        _key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Resilience.Payments DarajaSimulator, O=Simulated Safaricom", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        CertificatePem = certificate.ExportCertificatePem();
    }

    /// <summary>Gets the key pair of this process.</summary>
    public static DarajaKeyPair Instance => Shared.Value;

    /// <summary>Gets the certificate in PEM.</summary>
    public string CertificatePem { get; }

    /// <summary>Decrypts a SecurityCredential; <see langword="null"/> when it is not base64 or not encrypted with this key.</summary>
    /// <param name="credential">The base64 credential.</param>
    /// <returns>The password, or <see langword="null"/>.</returns>
    public string? TryDecrypt(string? credential)
    {
        if (string.IsNullOrEmpty(credential))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(credential);
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_key.Decrypt(bytes, RSAEncryptionPadding.Pkcs1));
            }
        }
        catch (FormatException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
