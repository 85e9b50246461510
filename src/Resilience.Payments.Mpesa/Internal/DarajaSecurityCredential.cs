using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Resilience.Payments.Mpesa.Internal;

/// <summary>
/// The initiator's <c>SecurityCredential</c>: its password encrypted with Safaricom's public key (RSA, PKCS#1 v1.5 padding), in
/// base64. Source: https://developer.safaricom.co.ke/apis/Reversal ("Encrypted password for the API user") and the Daraja
/// documentation's "Getting the security credential" steps (encrypt with the M-Pesa public key certificate, PKCS#1 v1.5, base64).
/// A new credential is made for each request (the padding is random). The password and the credential never reach a log.
/// </summary>
internal sealed class DarajaSecurityCredential : IDisposable
{
    private readonly RSA _publicKey;
    private readonly byte[] _password;

    private DarajaSecurityCredential(RSA publicKey, string password)
    {
        _publicKey = publicKey;
        _password = Encoding.UTF8.GetBytes(password);
    }

    /// <summary>Loads the certificate of <paramref name="options"/>; <see langword="null"/> with a reason naming the option when it cannot.</summary>
    /// <param name="options">The reversal options (an initiator configured).</param>
    /// <param name="error">Why the certificate could not be used.</param>
    /// <returns>The credential maker, or <see langword="null"/>.</returns>
    public static DarajaSecurityCredential? TryLoad(DarajaReversalOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = TryLoadPublicKey(options, out error);
        if (key is null)
        {
            return null;
        }

        if (string.IsNullOrEmpty(options.InitiatorPassword))
        {
            key.Dispose();
            error = "DarajaOptions.Reversal.InitiatorPassword is required when an initiator is named.";
            return null;
        }

        return new DarajaSecurityCredential(key, options.InitiatorPassword);
    }

    /// <summary>Encrypts <paramref name="password"/> with <paramref name="publicKey"/> as Daraja expects (RSA PKCS#1 v1.5, base64).</summary>
    /// <param name="password">The initiator password.</param>
    /// <param name="publicKey">Safaricom's public key.</param>
    /// <returns>The SecurityCredential.</returns>
    public static string Encrypt(string password, RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(publicKey);
        return Convert.ToBase64String(publicKey.Encrypt(Encoding.UTF8.GetBytes(password), RSAEncryptionPadding.Pkcs1));
    }

    /// <summary>Makes a SecurityCredential for one request.</summary>
    /// <returns>The base64 credential.</returns>
    public string Create() => Convert.ToBase64String(_publicKey.Encrypt(_password, RSAEncryptionPadding.Pkcs1));

    /// <inheritdoc />
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_password);
        _publicKey.Dispose();
    }

    private static RSA? TryLoadPublicKey(DarajaReversalOptions options, out string? error)
    {
        const string O = "DarajaOptions.Reversal.";
        var hasText = !string.IsNullOrWhiteSpace(options.Certificate);
        var hasPath = !string.IsNullOrWhiteSpace(options.CertificatePath);
        if (hasText == hasPath)
        {
            error = $"{O}{nameof(DarajaReversalOptions.Certificate)} (PEM text) or {O}{nameof(DarajaReversalOptions.CertificatePath)} (a file) is required, not both: Safaricom's public certificate of the environment (sandbox or production).";
            return null;
        }

        var option = O + (hasText ? nameof(DarajaReversalOptions.Certificate) : nameof(DarajaReversalOptions.CertificatePath));
        try
        {
            byte[] bytes;
            if (hasText)
            {
                bytes = Encoding.UTF8.GetBytes(options.Certificate!);
            }
            else
            {
                bytes = File.ReadAllBytes(options.CertificatePath!);
            }

            var key = ReadPublicKey(bytes);
            error = key is null ? $"{option} holds no RSA public key." : null;
            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"{option} could not be read as an X.509 certificate (PEM or DER) with an RSA public key: {ex.GetType().Name}.";
            return null;
        }
    }

    private static RSA? ReadPublicKey(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            using var pem = X509Certificate2.CreateFromPem(text);
            return pem.GetRSAPublicKey();
        }

        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(text); // a bare public key
                return rsa;
            }
            catch
            {
                rsa.Dispose();
                throw;
            }
        }

#if NET9_0_OR_GREATER
        using var der = X509CertificateLoader.LoadCertificate(bytes);
#else
        using var der = new X509Certificate2(bytes);
#endif
        return der.GetRSAPublicKey();
    }
}
