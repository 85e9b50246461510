using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Events;

/// <summary>The outbox and its dispatcher: at least once, in order per payment, retries, dead letters, leases and retention.</summary>
public class DurableEventsTests
{
    [Fact]
    public async Task PayAsync_OutboxStore_EventsWaitForTheDispatcherWithStableIds()
    {
        using var h = new Host();

        await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Empty(h.Observer.Events);
        Assert.Equal(2, await h.Worker.RunOnceAsync());
        var changes = h.Observer.Events.Cast<PaymentStatusChangedEvent>().ToList();
        Assert.Equal([(null, PaymentStatus.Processing), (PaymentStatus.Processing, PaymentStatus.Succeeded)], changes.Select(e => (e.PreviousStatus, e.Payment.Status)));
        Assert.Equal(["park-001/1/0", "park-001/2/0"], changes.Select(e => e.EventId));
        Assert.Equal(0, await h.Worker.RunOnceAsync());
    }

    [Fact]
    public async Task RunOnceAsync_ObserverThrowsThreeTimes_RetriedWithBackoffThenDeliveredInOrder()
    {
        using var h = new Host(failFirst: 3);
        await h.Gateway.PayAsync(GatewayHarness.Request());

        var delays = new List<TimeSpan>();
        for (var failure = 1; failure <= 3; failure++)
        {
            Assert.Equal(0, await h.Worker.RunOnceAsync());
            Assert.Equal(0, await h.Worker.RunOnceAsync()); // waiting for its backoff
            var subscription = Assert.Single(await h.Store.ListSubscriptionsAsync(CancellationToken.None));
            Assert.Equal(failure, subscription.Failures);
            Assert.Contains("InvalidOperationException: observer down", subscription.LastError, StringComparison.Ordinal);
            delays.Add(subscription.RetryAt!.Value - h.Time.GetUtcNow());
            h.Time.Advance(delays[^1]);
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], delays);
        Assert.Equal(2, await h.Worker.RunOnceAsync());
        Assert.Equal(5, h.Observer.Calls);
        Assert.Equal(["park-001/1/0", "park-001/2/0"], h.Observer.Events.Select(e => e.EventId));
        var done = Assert.Single(await h.Store.ListSubscriptionsAsync(CancellationToken.None));
        Assert.Equal(0, done.Failures);
        Assert.Null(done.RetryAt);
    }

    [Fact]
    public async Task RunOnceAsync_ObserverAlwaysThrows_DeadLetteredAfterMaxAttemptsAndDeliveryMovesOn()
    {
        using var h = new Host(failFirst: int.MaxValue, configure: o => o.Events.MaxAttempts = 2);
        await h.Gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(0, await h.Worker.RunOnceAsync());
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await h.Worker.RunOnceAsync()); // the first event dead-lettered, then the second fails once
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await h.Worker.RunOnceAsync());

        var dead = await h.Store.ListDeadLettersAsync(10, CancellationToken.None);
        Assert.Equal(["park-001/2/0", "park-001/1/0"], dead.Select(d => d.Event.EventId));
        Assert.All(dead, d => Assert.Equal(2, d.Attempts));
        Assert.All(dead, d => Assert.Equal(((IPaymentEventObserver)h.Observer).Name, d.Subscription));
        Assert.Equal(0, await h.Worker.RunOnceAsync());
    }

    [Fact]
    public async Task RunOnceAsync_RestartBeforeCheckpoint_SameEventsDeliveredAgainWithSameIds()
    {
        var store = new InMemoryPaymentStore();
        var time = new FakeTimeProvider(GatewayHarness.Start);
        using (var first = new Host(store: store, time: time, failFirst: 1))
        {
            await first.Gateway.PayAsync(GatewayHarness.Request());
            Assert.Equal(0, await first.Worker.RunOnceAsync()); // the process dies after the failure, before any checkpoint
        }

        time.Advance(TimeSpan.FromMinutes(1)); // the dead instance's lease expires
        using var second = new Host(store: store, time: time);
        Assert.Equal(2, await second.Worker.RunOnceAsync());
        Assert.Equal(["park-001/1/0", "park-001/2/0"], second.Observer.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task RunOnceAsync_TwoInstancesOneStore_OnlyTheLeaseHolderDeliversUntilItsLeaseExpires()
    {
        var store = new InMemoryPaymentStore();
        var time = new FakeTimeProvider(GatewayHarness.Start);
        using var a = new Host(store: store, time: time, instance: "a");
        using var b = new Host(store: store, time: time, instance: "b");
        await a.Gateway.PayAsync(GatewayHarness.Request("park-001"));

        Assert.Equal(2, await a.Worker.RunOnceAsync());
        await b.Gateway.PayAsync(GatewayHarness.Request("park-002"));
        Assert.Equal(0, await b.Worker.RunOnceAsync()); // a holds the observer's lease
        Assert.Equal(2, await a.Worker.RunOnceAsync());

        await a.Gateway.PayAsync(GatewayHarness.Request("park-003"));
        time.Advance(TimeSpan.FromSeconds(31)); // a stops renewing: its lease lapses
        Assert.Equal(2, await b.Worker.RunOnceAsync());

        var delivered = a.Observer.Events.Concat(b.Observer.Events).OfType<PaymentStatusChangedEvent>().Select(e => e.EventId).ToList();
        Assert.Equal(6, delivered.Count);
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
    }

    [Fact]
    public async Task StopAsync_CleanStop_LeaseLetGoAndAnotherInstanceDeliversAtOnce()
    {
        var store = new InMemoryPaymentStore();
        var time = new FakeTimeProvider(GatewayHarness.Start);
        using var a = new Host(store: store, time: time, instance: "a");
        using var b = new Host(store: store, time: time, instance: "b");
        await a.Gateway.PayAsync(GatewayHarness.Request("park-001"));
        Assert.Equal(2, await a.Worker.RunOnceAsync());
        await b.Gateway.PayAsync(GatewayHarness.Request("park-002"));
        Assert.Equal(0, await b.Worker.RunOnceAsync());

        await a.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(2, await b.Worker.RunOnceAsync()); // no wait for a's lease to expire
        Assert.Equal(["park-002/1/0", "park-002/2/0"], b.Observer.Events.OfType<PaymentStatusChangedEvent>().Select(e => e.EventId));
    }

    [Fact]
    public async Task RunOnceAsync_PastRetention_DeliveredEventsDeletedUndeliveredKept()
    {
        var store = new InMemoryPaymentStore();
        var time = new FakeTimeProvider(GatewayHarness.Start);
        using var h = new Host(store: store, time: time, configure: o => o.Events.Retention = TimeSpan.FromDays(1));
        await h.Gateway.PayAsync(GatewayHarness.Request("park-001"));
        Assert.Equal(2, await h.Worker.RunOnceAsync());

        time.Advance(TimeSpan.FromDays(2));
        await h.Gateway.PayAsync(GatewayHarness.Request("park-002"));
        h.Observer.FailNext(1);
        Assert.Equal(0, await h.Worker.RunOnceAsync()); // the cleanup ran: the first payment's events are gone

        var left = await store.ReadEventsAsync(PaymentEventPosition.Start, 100, CancellationToken.None);
        Assert.Equal(["park-002", "park-002"], left.Select(e => e.PaymentKey));
    }

    [Fact]
    public async Task RefundAsync_OutboxStore_RefundEventsDeliveredAfterThePaymentsInOrder()
    {
        using var h = new Host();
        await h.Gateway.PayAsync(GatewayHarness.Request());
        await h.Gateway.RefundAsync(new RefundRequest { RefundKey = "refund-1", PaymentKey = "park-001", Reason = "Paid twice" });

        Assert.Equal(4, await h.Worker.RunOnceAsync());
        var refunds = h.Observer.Events.OfType<RefundStatusChangedEvent>().ToList();
        Assert.Equal([(null, RefundStatus.Processing), (RefundStatus.Processing, RefundStatus.Succeeded)], refunds.Select(e => (e.PreviousStatus, e.Refund.Status)));
        Assert.All(refunds, e => Assert.Equal("refund-1", e.Refund.RefundKey));
        Assert.IsType<PaymentStatusChangedEvent>(h.Observer.Events[1]);
    }

    [Fact]
    public void Constructor_TwoObserversOfOneType_SecondNamedByItsOrder()
    {
        var store = new InMemoryPaymentStore();
        using var gateway = new PaymentGateway(
            [new FakePaymentProvider("mpesa")],
            store,
            Microsoft.Extensions.Options.Options.Create(new PaymentGatewayOptions()),
            eventObservers: [new FlakyObserver(0), new FlakyObserver(0)]);

        var names = gateway.Outbox!.Names;

        Assert.Equal([typeof(FlakyObserver).FullName!, typeof(FlakyObserver).FullName + "#2"], names);
    }

    private sealed class Host : IDisposable
    {
        public Host(InMemoryPaymentStore? store = null, FakeTimeProvider? time = null, int failFirst = 0, string instance = "test", Action<PaymentGatewayOptions>? configure = null)
        {
            Store = store ?? new InMemoryPaymentStore();
            Time = time ?? new FakeTimeProvider(GatewayHarness.Start);
            Observer = new FlakyObserver(failFirst);
            var options = new PaymentGatewayOptions { InstanceName = instance };
            configure?.Invoke(options);
            var wrapped = Microsoft.Extensions.Options.Options.Create(options);
            Gateway = new PaymentGateway([new FakePaymentProvider("mpesa", timeProvider: Time)], Store, wrapped, Time, null, [Observer], null);
            Worker = new PaymentEventDispatchWorker(Gateway, wrapped, Time, NullLogger<PaymentEventDispatchWorker>.Instance);
        }

        public InMemoryPaymentStore Store { get; }

        public FakeTimeProvider Time { get; }

        public FlakyObserver Observer { get; }

        public PaymentGateway Gateway { get; }

        public PaymentEventDispatchWorker Worker { get; }

        public void Dispose()
        {
            Worker.Dispose();
            Gateway.Dispose();
        }
    }

    private sealed class FlakyObserver(int failFirst) : IPaymentEventObserver
    {
        private int _failuresLeft = failFirst;

        public List<PaymentEvent> Events { get; } = [];

        public int Calls { get; private set; }

        public void FailNext(int count) => _failuresLeft = count;

        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
        {
            Calls++;
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                throw new InvalidOperationException("observer down");
            }

            Events.Add(paymentEvent);
            return ValueTask.CompletedTask;
        }
    }
}
