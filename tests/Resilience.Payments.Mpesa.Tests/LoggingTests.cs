using System.Net.Http;
using Microsoft.Extensions.Logging.Testing;

namespace Resilience.Payments.Mpesa.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task StkPushAndQuery_AnswersWithLineBreaksAndPhoneNumber_ReachTheLogScrubbed()
    {
        using var stub = new DarajaStub();
        stub.Push(200, """{"MerchantRequestID":"29115-1","CheckoutRequestID":"ws_CO_1\r\nWARN forged 254722000111","ResponseCode":"0","ResponseDescription":"Success","CustomerMessage":"Success"}""");
        stub.Query(200, """{"ResponseCode":"0","ResponseDescription":"ok","MerchantRequestID":"29115-1","CheckoutRequestID":"ws_CO_1","ResultCode":"1032\n254722000111","ResultDesc":"Request cancelled by user 254722000111"}""");
        var logger = new FakeLogger<DarajaPaymentProvider>();
        using var provider = new DarajaPaymentProvider(
            new HttpClient { BaseAddress = stub.BaseAddress, Timeout = TimeSpan.FromSeconds(10) },
            Microsoft.Extensions.Options.Options.Create(DarajaTestKit.Options(stub.BaseAddress)),
            stub.Time,
            logger);

        var pushed = await provider.InitiateAsync(DarajaTestKit.Request(), CancellationToken.None);
        await provider.QueryStatusAsync(DarajaTestKit.Status(pushed.ProviderReference), CancellationToken.None);

        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("ws_CO_1  WARN forged 2547****11", StringComparison.Ordinal) && r.Message.StartsWith("M-Pesa STK push", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.Contains("ws_CO_1  WARN forged 2547****11", StringComparison.Ordinal) && r.Message.StartsWith("M-Pesa STK query", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.DoesNotContain("722000111", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('\n', text);
        }

        Assert.Equal("ws_CO_1\r\nWARN forged 254722000111", pushed.ProviderReference); // the reference itself is kept as Daraja gave it
    }
}
