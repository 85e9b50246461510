using Microsoft.Extensions.Logging.Abstractions;
using Resilience.Payments.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Resilience.Payments.PostgreSql.Tests;

/// <summary>The gateway's durable events over one PostgreSQL schema shared by two instances: each event reaches the observer once.</summary>
public sealed class EventsOnPostgreSqlTests(PostgreSqlFixture database) : IClassFixture<PostgreSqlFixture>
{
    private static PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
    };

    [Fact]
    public async Task RunOnceAsync_TwoInstancesOneSchema_EachEventDeliveredOnceByTheLeaseHolder()
    {
        database.RequireDatabase();
        var schema = database.NewSchema();
        var observer = new RecordingObserver(); // the application's observer, registered in both instances
        await using var storeA = database.CreateStore(schema);
        await using var storeB = database.CreateStore(schema);
        var (gatewayA, workerA) = NewGateway(storeA, observer, "instance-a");
        var (gatewayB, workerB) = NewGateway(storeB, observer, "instance-b");
        using (gatewayA)
        using (gatewayB)
        using (workerA)
        using (workerB)
        {
            await gatewayA.PayAsync(Request("pay-a"));
            await gatewayB.PayAsync(Request("pay-b"));
            await EventVisibility.WaitForOlderTransactionsAsync(database);

            var delivered = await workerA.RunOnceAsync() + await workerB.RunOnceAsync() + await workerB.RunOnceAsync() + await workerA.RunOnceAsync();

            Assert.Equal(4, delivered);
        }

        Assert.Equal(["pay-a/1/0", "pay-a/2/0", "pay-b/1/0", "pay-b/2/0"], observer.Events.Select(e => e.EventId));
        var subscription = Assert.Single(await storeA.ListSubscriptionsAsync(CancellationToken.None));
        Assert.NotNull(subscription.LeaseOwner);
    }

    private static (PaymentGateway Gateway, PaymentEventDispatchWorker Worker) NewGateway(IPaymentStore store, RecordingObserver observer, string instance)
    {
        var options = MsOptions.Create(new PaymentGatewayOptions { InstanceName = instance });
        var gateway = new PaymentGateway([new FakePaymentProvider("mpesa")], store, options, TimeProvider.System, null, [observer], null);
        return (gateway, new PaymentEventDispatchWorker(gateway, options, TimeProvider.System, NullLogger<PaymentEventDispatchWorker>.Instance));
    }

    private sealed class RecordingObserver : IPaymentEventObserver
    {
        private readonly Lock _gate = new();
        private readonly List<PaymentEvent> _events = [];

        public IReadOnlyList<PaymentEvent> Events
        {
            get
            {
                lock (_gate)
                {
                    return [.. _events];
                }
            }
        }

        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _events.Add(paymentEvent);
            }

            return ValueTask.CompletedTask;
        }
    }
}
