using System.Net.Http;
using Microsoft.Extensions.Logging.Testing;
using WireMock.Server;
using static Resilience.Payments.Pesapal.Tests.PesapalTestKit;

namespace Resilience.Payments.Pesapal.Tests;

public sealed class LoggingTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task Logs_NeverContainSecretsTokensEmailOrFullPhoneNumber()
    {
        StubAuth(_server);
        Stub(_server, SubmitPath, 200, Accepted());
        Stub(_server, StatusPath, 200, StatusBody(1, "COMPLETED"), get: true);
        var logger = new FakeLogger<PesapalPaymentProvider>();
        var ipnLogger = new FakeLogger<PesapalCallbackHandler>();
        var options = Microsoft.Extensions.Options.Options.Create(Options(new Uri(_server.Url!)));
        using var provider = new PesapalPaymentProvider(new HttpClient(), options, logger: logger);

        await provider.InitiateAsync(Order(Mpesa), CancellationToken.None);
        await provider.InitiateAsync(Order(Checkout, reference: "park-001-2"), CancellationToken.None);
        await provider.QueryStatusAsync(Status(), CancellationToken.None);
        await new PesapalCallbackHandler(provider, ipnLogger).HandleAsync(CallbackHandlerTests.Post(CallbackHandlerTests.Ipn()), CancellationToken.None);
        using var down = new PesapalPaymentProvider(new HttpClient(), Microsoft.Extensions.Options.Options.Create(Options(ClosedPort())), logger: logger);
        await down.InitiateAsync(Order(Mpesa, reference: "park-001-3"), CancellationToken.None);

        var records = logger.Collector.GetSnapshot().Concat(ipnLogger.Collector.GetSnapshot()).ToList();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []) + " " + record.Exception;
            Assert.DoesNotContain(ConsumerSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ConsumerKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TokenValue, text, StringComparison.Ordinal);
            Assert.DoesNotContain("712345678", text, StringComparison.Ordinal);
            Assert.DoesNotContain("wanjiru@", text, StringComparison.Ordinal);
        }
    }
}
