using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Resilience.Payments.Mpesa.Internal;
using Resilience.Payments.Testing.Simulators.Mpesa;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>DarajaOptions.Reversal: validation naming each field, the certificate as PEM or a file, the SecurityCredential, capabilities.</summary>
public sealed class ReversalOptionsTests
{
    private static readonly Uri Base = new("http://127.0.0.1:9/");

    [Fact]
    public void Validate_ReversalConfigured_Passes()
    {
        var result = new DarajaOptionsValidator().Validate(null, DarajaTestKit.Options(Base, ReversalKit.Configure));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_NoInitiator_PassesAndRefundsAreOff()
    {
        using var provider = DarajaTestKit.Provider(Base, TimeProvider.System);

        Assert.False(provider.RefundCapabilities.Supported);
        Assert.Same(RefundCapabilities.None, provider.RefundCapabilities);
    }

    [Fact]
    public void RefundCapabilities_Configured_AreFullOnlyOnePerChargeAsynchronousWholeUnits()
    {
        using var provider = ReversalKit.Provider(Base, TimeProvider.System);

        var capabilities = provider.RefundCapabilities;
        Assert.True(capabilities.Supported);
        Assert.False(capabilities.Partial);
        Assert.True(capabilities.OnePerCharge);
        Assert.True(capabilities.Asynchronous);
        Assert.True(capabilities.WholeUnitsOnly);
    }

    [Theory]
    [InlineData("password", "DarajaOptions.Reversal.InitiatorPassword")]
    [InlineData("no-certificate", "DarajaOptions.Reversal.Certificate")]
    [InlineData("both-certificates", "not both")]
    [InlineData("bad-certificate", "DarajaOptions.Reversal.Certificate could not be read")]
    [InlineData("missing-file", "DarajaOptions.Reversal.CertificatePath could not be read")]
    [InlineData("result-url", "DarajaOptions.Reversal.ResultUrl")]
    [InlineData("queue-url", "DarajaOptions.Reversal.QueueTimeOutUrl")]
    [InlineData("receiver", "DarajaOptions.Reversal.ReceiverParty")]
    [InlineData("no-initiator", "DarajaOptions.Reversal.InitiatorName")]
    [InlineData("no-keys", "DarajaOptions.CallbackSigningKeys")]
    public void Validate_EachBadReversalOption_NamesTheField(string fault, string expected)
    {
        var options = DarajaTestKit.Options(Base, o =>
        {
            ReversalKit.Configure(o);
            var r = o.Reversal;
            switch (fault)
            {
                case "password": r.InitiatorPassword = " "; break;
                case "no-certificate": r.Certificate = null; break;
                case "both-certificates": r.CertificatePath = "/tmp/x.cer"; break;
                case "bad-certificate": r.Certificate = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"; break;
                case "missing-file": r.Certificate = null; r.CertificatePath = "/nonexistent/safaricom.cer"; break;
                case "result-url": r.ResultUrl = new Uri("ftp://example.org/x"); break;
                case "queue-url": r.QueueTimeOutUrl = new Uri("/relative", UriKind.Relative); break;
                case "receiver": r.ReceiverParty = "60x"; break;
                case "no-initiator": r.InitiatorName = null; break;
                case "no-keys": o.CallbackSigningKeys.Clear(); o.CallbackUrlIncludesAttempt = false; break;
            }
        });

        var result = new DarajaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains(ReversalKit.InitiatorPassword, StringComparison.Ordinal));
    }

    [Fact]
    public void Provider_InvalidReversalOptions_FailsAtStartNamingTheOption()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => ReversalKit.Provider(Base, TimeProvider.System, o => o.Reversal.Certificate = "garbage"));

        Assert.Contains("DarajaOptions.Reversal.Certificate", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ReversalKit.InitiatorPassword, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificatePath_PemAndDerFiles_AreBothRead()
    {
        var (key, pem) = ReversalKit.NewKeyPair();
        using (key)
        {
            var pemFile = Path.GetTempFileName();
            var derFile = Path.GetTempFileName();
            try
            {
                File.WriteAllText(pemFile, pem);
                using (var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem))
                {
                    File.WriteAllBytes(derFile, certificate.RawData);
                }

                foreach (var file in new[] { pemFile, derFile })
                {
                    var options = new DarajaReversalOptions { InitiatorName = "op", InitiatorPassword = "pw", CertificatePath = file };
                    using var credential = DarajaSecurityCredential.TryLoad(options, out var error);
                    Assert.True(credential is not null, error);
                    Assert.Equal("pw", Encoding.UTF8.GetString(key.Decrypt(Convert.FromBase64String(credential.Create()), RSAEncryptionPadding.Pkcs1)));
                }
            }
            finally
            {
                File.Delete(pemFile);
                File.Delete(derFile);
            }
        }
    }

    [Fact]
    public void Encrypt_RoundTripsWithThePrivateKey_AndDiffersEachTime()
    {
        var (key, pem) = ReversalKit.NewKeyPair();
        using (key)
        {
            var options = new DarajaReversalOptions { InitiatorName = "op", InitiatorPassword = "Safaricom999!*!", Certificate = pem };
            using var credential = DarajaSecurityCredential.TryLoad(options, out var error);
            Assert.True(credential is not null, error);

            var first = credential.Create();
            var second = credential.Create();

            Assert.NotEqual(first, second); // PKCS#1 v1.5 padding is random
            foreach (var made in new[] { first, second })
            {
                Assert.Equal("Safaricom999!*!", Encoding.UTF8.GetString(key.Decrypt(Convert.FromBase64String(made), RSAEncryptionPadding.Pkcs1)));
            }
        }
    }

    [Fact]
    public void Certificate_TheSimulatorsPem_IsAccepted()
    {
        var options = new DarajaReversalOptions { InitiatorName = "op", InitiatorPassword = "pw", Certificate = DarajaSimulator.CertificatePem };

        using var credential = DarajaSecurityCredential.TryLoad(options, out var error);

        Assert.True(credential is not null, error);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", DarajaSimulator.CertificatePem, StringComparison.Ordinal);
    }
}
