using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Resilience.Payments.Sqlite.Tests.Gateway;

/// <summary>The whole gateway over a SQLite file, across a "restart": dispose the gateway and the store, open new ones.</summary>
public sealed class GatewayOnSqliteTests : IDisposable
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
        AccountReference = "KCA 123X",
        Description = "Parking",
    };

    private static PaymentGatewayOptions Options() => new() { InstanceName = "sqlite-test" };

    private (PaymentGateway Gateway, FakePaymentProvider Mpesa, FakePaymentProvider Paystack) NewGateway(IPaymentStore store)
    {
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: _time);
        var paystack = new FakePaymentProvider("paystack", timeProvider: _time);
        var gateway = new PaymentGateway([mpesa, paystack], store, MsOptions.Create(Options()), _time);
        return (gateway, mpesa, paystack);
    }

    [Fact]
    public async Task PayAsync_TakesFailsOverAndQueues_AfterRestartFindsEveryPaymentAndDrainsQueue()
    {
        var store = _database.Open();
        var (gateway, mpesa, paystack) = NewGateway(store);

        var paid = await gateway.PayAsync(Request("pay-1"));
        mpesa.Enqueue(FakeBehavior.NotProcessed());
        var failedOver = await gateway.PayAsync(Request("pay-2"));
        mpesa.Enqueue(FakeBehavior.NotProcessed());
        paystack.Enqueue(FakeBehavior.NotProcessed());
        var queued = await gateway.PayAsync(Request("pay-3"));

        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        Assert.Equal("mpesa", paid.Provider);
        Assert.Equal(PaymentStatus.Succeeded, failedOver.Status);
        Assert.Equal("paystack", failedOver.Provider);
        Assert.Equal(["pay-2-1-", "pay-2-2-"], failedOver.Attempts.Select(a => a.Reference[..^8])); // {key}-{n}-{random}
        Assert.All(failedOver.Attempts, a => Assert.Matches("^pay-2-[12]-[a-z][a-z2-7]{7}$", a.Reference));
        Assert.Equal(PaymentStatus.Queued, queued.Status);
        Assert.Equal(2, mpesa.Charges.Count + paystack.Charges.Count);

        // Restart: everything in memory is gone; only the file remains.
        gateway.Dispose();
        await store.DisposeAsync();
        await using var reopened = _database.Open();
        var (gateway2, mpesa2, paystack2) = NewGateway(reopened);
        using var disposeGateway2 = gateway2;

        var found1 = await gateway2.GetAsync("pay-1");
        var found2 = await gateway2.GetAsync("pay-2");
        var found3 = await gateway2.GetAsync("pay-3");
        Assert.Equal(PaymentStatus.Succeeded, found1!.Status);
        Assert.Equal(PaymentStatus.Succeeded, found2!.Status);
        Assert.Equal("paystack", found2.Provider);
        Assert.Equal(PaymentStatus.Queued, found3!.Status);

        // The same key after the restart is the same payment: no second charge.
        var replay = await gateway2.PayAsync(Request("pay-1"));
        Assert.Equal(PaymentStatus.Succeeded, replay.Status);
        Assert.Empty(mpesa2.Requests);
        Assert.Empty(paystack2.Requests);

        // The queue worker of the new process drains the queue once the retry is due.
        _time.Advance(TimeSpan.FromMinutes(5));
        var worker = new PaymentQueueWorker(gateway2, MsOptions.Create(Options()), _time, NullLogger<PaymentQueueWorker>.Instance);
        Assert.Equal(1, await worker.RunOnceAsync());

        var drained = await gateway2.GetAsync("pay-3");
        Assert.Equal(PaymentStatus.Succeeded, drained!.Status);
        Assert.Equal(1, mpesa2.ChargeCount("pay-3") + paystack2.ChargeCount("pay-3"));
        Assert.Equal(0, await worker.RunOnceAsync());
        var counts = await reopened.CountByStatusAsync(CancellationToken.None);
        Assert.Equal(3, counts[PaymentStatus.Succeeded]);
        Assert.False(counts.ContainsKey(PaymentStatus.Queued));
    }

    [Fact]
    public async Task PayAsync_ConcurrentDistinctPayments_AllRecordedOnce()
    {
        await using var store = _database.Open();
        var (gateway, mpesa, _) = NewGateway(store);
        using var disposeGateway = gateway;

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => gateway.PayAsync(Request("bulk-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        Assert.All(results, r => Assert.Equal(PaymentStatus.Succeeded, r.Status));
        Assert.Equal(50, mpesa.Charges.Count);
        Assert.Equal(50, (await store.CountByStatusAsync(CancellationToken.None))[PaymentStatus.Succeeded]);
    }
}
