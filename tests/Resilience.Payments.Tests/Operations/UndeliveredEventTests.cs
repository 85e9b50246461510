using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Operations;

public class UndeliveredEventTests
{
    private sealed class FailingObserver : IPaymentEventObserver
    {
        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("ticket service down; payer 254712345678");
    }

    [Fact]
    public async Task GetOverviewAsync_ObserverFailedEveryAttempt_ShowsTheUndeliveredEventScrubbed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 24, 6, 0, 0, TimeSpan.Zero));
        var store = new InMemoryPaymentStore();
        var options = new PaymentGatewayOptions { InstanceName = "test" };
        options.Events.MaxAttempts = 1;
        using var gateway = new PaymentGateway([new FakePaymentProvider("mpesa", timeProvider: time)], store, Microsoft.Extensions.Options.Options.Create(options), time, null, [new FailingObserver()]);
        await gateway.PayAsync(new PaymentRequest { IdempotencyKey = "paid", Amount = Money.Kes(100m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] });

        for (var i = 0; i < 3; i++)
        {
            await gateway.Outbox!.RunOnceAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var overview = await new PaymentOperations(store, options, time).GetOverviewAsync();
        var storeOnly = await new PaymentOperations(store).ListUndeliveredEventsAsync();

        Assert.NotEmpty(overview.UndeliveredEvents);
        Assert.All(overview.UndeliveredEvents, e => Assert.Equal("paid", e.Event.PaymentKey));
        Assert.All(overview.UndeliveredEvents, e => Assert.DoesNotContain("254712345678", e.LastError, StringComparison.Ordinal));
        Assert.Equal(overview.UndeliveredEvents.Count, storeOnly.Count);
    }
}
