using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Requests;

public class PaymentRequestTests
{
    [Fact]
    public void Instruments_CallerChangesItsListAfterwards_RequestKeepsWhatWasGiven()
    {
        var instruments = new List<PaymentInstrument> { PaymentInstrument.MobileMoney("0712345678") };
        var request = new PaymentRequest { IdempotencyKey = "inv-1", Amount = Money.Kes(100m), Instruments = instruments };

        instruments.Add(PaymentInstrument.MobileMoney("0733123456"));
        instruments[0] = PaymentInstrument.MobileMoney("0799000000");

        Assert.Single(request.Instruments);
        Assert.Equal("254712345678", ((MobileMoneyInstrument)request.Instruments[0]).PhoneNumber.Value);
    }

    [Fact]
    public void Metadata_CallerChangesItsDictionaryAfterwards_RequestKeepsWhatWasGiven()
    {
        var metadata = new Dictionary<string, string> { ["plate"] = "KDA 123A" };
        var request = new PaymentRequest
        {
            IdempotencyKey = "inv-1",
            Amount = Money.Kes(100m),
            Instruments = [PaymentInstrument.MobileMoney("0712345678")],
            Metadata = metadata,
        };

        metadata["plate"] = "KDB 999Z";
        metadata["zone"] = "CBD";

        Assert.Equal(new Dictionary<string, string> { ["plate"] = "KDA 123A" }, request.Metadata);
    }

    [Fact]
    public async Task PayAsync_CallerChangesItsListWhilePaying_StoredPaymentKeepsTheOriginalInstruments()
    {
        var provider = new FakePaymentProvider("mpesa");
        var store = new InMemoryPaymentStore();
        using var gateway = new PaymentGateway([provider], store, Microsoft.Extensions.Options.Options.Create(new PaymentGatewayOptions()));
        var instruments = new List<PaymentInstrument> { PaymentInstrument.MobileMoney("0712345678") };

        var paying = gateway.PayAsync(new PaymentRequest { IdempotencyKey = "inv-2", Amount = Money.Kes(100m), Instruments = instruments });
        instruments.Clear();
        await paying;

        var stored = await store.GetAsync("inv-2", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Single(stored.Request.Instruments);
    }
}
