using System.Net.Http;
using Microsoft.Extensions.Logging.Testing;
using WireMock.Server;
using static Resilience.Payments.Paystack.Tests.PaystackTestKit;

namespace Resilience.Payments.Paystack.Tests;

public sealed class LoggingTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task Logs_NeverContainSecretKeyCardTokenOrFullPhoneNumber()
    {
        Stub(_server, "/charge", 200, """{"status":true,"data":{"reference":"park-001-1","status":"pay_offline"}}""");
        var logger = new FakeLogger<PaystackPaymentProvider>();
        var provider = new PaystackPaymentProvider(new HttpClient(), Microsoft.Extensions.Options.Options.Create(Options(new Uri(_server.Url!))), logger: logger);

        await provider.InitiateAsync(Charge(Mpesa), CancellationToken.None);
        await provider.InitiateAsync(Charge(PaymentInstrument.Card("AUTH_8dfhjjdt"), reference: "park-001-2"), CancellationToken.None);
        await new PaystackPaymentProvider(new HttpClient(), Microsoft.Extensions.Options.Options.Create(Options(ClosedPort())), logger: logger).InitiateAsync(Charge(reference: "park-001-3"), CancellationToken.None);

        var records = logger.Collector.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []) + " " + record.Exception;
            Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("712345678", text, StringComparison.Ordinal);
            Assert.DoesNotContain("AUTH_8dfhjjdt", text, StringComparison.Ordinal);
        }
    }
}
