using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing.Simulators.Mpesa;

namespace Resilience.Payments.Mpesa.Tests;

/// <summary>The Reversal options bound from configuration, and the initiator's secrets kept out of logs.</summary>
public sealed class ReversalConfigurationTests
{
    [Fact]
    public void AddMpesaDaraja_ReversalSectionFromConfiguration_IsBoundAndRefundsAreOn()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mpesa:BaseAddress"] = "http://127.0.0.1:9/",
            ["Mpesa:ConsumerKey"] = "key",
            ["Mpesa:ConsumerSecret"] = "secret",
            ["Mpesa:BusinessShortCode"] = "174379",
            ["Mpesa:Passkey"] = DarajaTestKit.SandboxPasskey,
            ["Mpesa:CallbackUrl"] = "https://example.org/mpesa/callback",
            ["Mpesa:CallbackSigningKeys:0"] = DarajaTestKit.SigningKey,
            ["Mpesa:Reversal:InitiatorName"] = "apiop37",
            ["Mpesa:Reversal:InitiatorPassword"] = "Safaricom999!*!",
            ["Mpesa:Reversal:Certificate"] = DarajaSimulator.CertificatePem,
            ["Mpesa:Reversal:ResultUrl"] = "https://example.org/mpesa/reversal",
            ["Mpesa:Reversal:ReceiverParty"] = "600992",
        }).Build();
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false).AddMpesaDaraja(configuration.GetSection("Mpesa"));
        using var sp = services.BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<DarajaOptions>>().Value;
        Assert.Equal("apiop37", options.Reversal.InitiatorName);
        Assert.Equal(new Uri("https://example.org/mpesa/reversal"), options.Reversal.ResultUrl);
        Assert.Equal("600992", options.Reversal.ReceiverParty);
        var provider = sp.GetRequiredService<DarajaPaymentProvider>();
        Assert.True(provider.RefundCapabilities.Supported);
        Assert.IsAssignableFrom<IRefundProvider>(Assert.Single(sp.GetServices<IPaymentProvider>()));
    }

    [Fact]
    public void AddMpesaDaraja_BadCertificate_FailsTheStartNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false).AddMpesaDaraja(o =>
        {
            var complete = DarajaTestKit.Options(new Uri("http://127.0.0.1:9/"));
            (o.BaseAddress, o.ConsumerKey, o.ConsumerSecret, o.BusinessShortCode, o.Passkey, o.CallbackUrl) =
                (complete.BaseAddress, complete.ConsumerKey, complete.ConsumerSecret, complete.BusinessShortCode, complete.Passkey, complete.CallbackUrl);
            o.CallbackSigningKeys.Add(DarajaTestKit.SigningKey);
            o.Reversal.InitiatorName = "apiop37";
            o.Reversal.InitiatorPassword = "Safaricom999!*!";
            o.Reversal.CertificatePath = "/nonexistent/ProductionCertificate.cer";
        });
        using var sp = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DarajaOptions>>().Value);

        Assert.Contains("DarajaOptions.Reversal.CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Safaricom999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reversal_NeverLogsThePasswordOrTheCredential()
    {
        var time = new FakeTimeProvider(DarajaStub.Start);
        await using var sim = new DarajaSimulator(seed: 3, timeProvider: time);
        var logger = new FakeLogger<DarajaPaymentProvider>();
        using var provider = new DarajaPaymentProvider(
            new HttpClient { BaseAddress = sim.BaseAddress, Timeout = TimeSpan.FromSeconds(15) },
            Microsoft.Extensions.Options.Options.Create(DarajaTestKit.Options(sim.BaseAddress, ReversalKit.Configure)),
            time,
            logger);

        var sent = await provider.RefundAsync(ReversalKit.Refund("SKC82PACB8"), CancellationToken.None);
        await provider.QueryRefundAsync(ReversalKit.Refund("SKC82PACB8", providerReference: sent.ProviderReference), CancellationToken.None);

        var credential = System.Text.Json.JsonDocument.Parse(sim.Server!.LogEntries.First(e => e.RequestMessage!.Path == "/mpesa/reversal/v1/request").RequestMessage!.Body!)
            .RootElement.GetProperty("SecurityCredential").GetString()!;
        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Message.StartsWith("M-Pesa reversal for refund refund-1", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.StartsWith("M-Pesa Transaction Status query for refund refund-1", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.DoesNotContain(ReversalKit.InitiatorPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(credential[..24], text, StringComparison.Ordinal);
        }
    }
}
