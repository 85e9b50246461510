using Microsoft.Extensions.Logging.Testing;
using Resilience.Payments.Callbacks;
using static Resilience.Payments.AirtelMoney.Tests.AirtelTestKit;

namespace Resilience.Payments.AirtelMoney.Tests;

public sealed class LoggingTests : IDisposable
{
    private readonly AirtelStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task Logs_NeverContainClientSecretTokenOrFullPhoneNumber()
    {
        _stub.Collection(200, AirtelStub.Accepted);
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TS"));
        var logger = new FakeLogger<AirtelMoneyPaymentProvider>();
        var provider = _stub.Provider(logger: logger);

        await provider.InitiateAsync(Request(), CancellationToken.None);
        await provider.QueryStatusAsync(Status(), CancellationToken.None);
        await new AirtelMoneyCallbackHandler(provider).HandleAsync(new PaymentCallback { Body = System.Text.Encoding.UTF8.GetBytes("""{"transaction":{"id":"pay-1-1","status_code":"TS"}}""") }, CancellationToken.None);
        await Provider(ClosedPort(), _stub.Time, logger: logger).InitiateAsync(Request(attempt: 2), CancellationToken.None);
        await provider.InitiateAsync(Request("0712345678", attempt: 3), CancellationToken.None);

        var records = logger.Collector.GetSnapshot();
        Assert.NotEmpty(records);
        Assert.Contains(records, r => r.Message.Contains("2547****3456", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []) + " " + record.Exception;
            Assert.DoesNotContain(AirtelStub.ClientSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(AirtelStub.Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("733123456", text, StringComparison.Ordinal);
            Assert.DoesNotContain("712345678", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Callback_IdWithPhoneNumberAndStatusWithLineBreak_ReachTheLogScrubbed()
    {
        // The id must be printable ASCII (else the callback is refused); the status code is free text of up to 16 characters.
        const string Id = "pay-254733123456_1";
        _stub.Enquiry(200, AirtelStub.EnquiryAnswer("TIP", id: Id), Id);
        var collector = new FakeLogCollector();
        var provider = _stub.Provider(logger: new FakeLogger<AirtelMoneyPaymentProvider>(collector));
        var handler = new AirtelMoneyCallbackHandler(provider, new FakeLogger<AirtelMoneyCallbackHandler>(collector));
        var body = """{"transaction":{"id":"pay-254733123456_1","status_code":"TS\r\n0733123456"}}""";

        await handler.HandleAsync(new PaymentCallback { Body = System.Text.Encoding.UTF8.GetBytes(body) }, CancellationToken.None);

        var records = collector.GetSnapshot();
        Assert.Contains(records, r => r.Message.StartsWith("Airtel Money enquiry pay-2547****56_1", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.StartsWith("Airtel Money callback for pay-2547****56_1 (says TS  0733****56)", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var text = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.DoesNotContain("733123456", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('\n', text);
        }
    }
}
