using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Resilience.Payments.Sqlite.Tests.Gateway;

/// <summary>The gateway's durable events over a SQLite file: written with the payment, delivered after a restart, once checkpointed.</summary>
public sealed class EventsOnSqliteTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _database.Dispose();

    private static PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
    };

    private (PaymentGateway Gateway, PaymentEventDispatchWorker Worker) NewGateway(IPaymentStore store, RecordingObserver observer)
    {
        var options = MsOptions.Create(new PaymentGatewayOptions { InstanceName = "sqlite-events" });
        var gateway = new PaymentGateway([new FakePaymentProvider("mpesa", timeProvider: _time)], store, options, _time, null, [observer], null);
        return (gateway, new PaymentEventDispatchWorker(gateway, options, _time, NullLogger<PaymentEventDispatchWorker>.Instance));
    }

    [Fact]
    public async Task PayAsync_RestartBeforeDispatch_EventsDeliveredOnceAfterRestart()
    {
        var observer = new RecordingObserver();
        await using (var store = _database.Open())
        {
            var (gateway, worker) = NewGateway(store, observer);
            using (gateway)
            using (worker)
            {
                await gateway.PayAsync(Request("pay-1"));
                await gateway.PayAsync(Request("pay-2"));
            }
        } // the process "dies" before any delivery

        await using (var store = _database.Open())
        {
            var (gateway, worker) = NewGateway(store, observer);
            using (gateway)
            using (worker)
            {
                Assert.Equal(4, await worker.RunOnceAsync());
                Assert.Equal(0, await worker.RunOnceAsync());
            }
        }

        await using (var store = _database.Open())
        {
            var (gateway, worker) = NewGateway(store, observer);
            using (gateway)
            using (worker)
            {
                Assert.Equal(0, await worker.RunOnceAsync()); // the checkpoint was stored
            }
        }

        Assert.Equal(["pay-1/1/0", "pay-1/2/0", "pay-2/1/0", "pay-2/2/0"], observer.Events.Select(e => e.EventId));
        Assert.All(observer.Events, e => Assert.IsType<PaymentStatusChangedEvent>(e));
    }

    private sealed class RecordingObserver : IPaymentEventObserver
    {
        public List<PaymentEvent> Events { get; } = [];

        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
        {
            Events.Add(paymentEvent);
            return ValueTask.CompletedTask;
        }
    }
}
