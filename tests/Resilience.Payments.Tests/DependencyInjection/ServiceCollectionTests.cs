using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.DependencyInjection;

public class ServiceCollectionTests
{
    [Fact]
    public async Task AddPaymentGateway_Configuration_BindsOptionsThatReachTheGateway()
    {
        var configuration = Config(new()
        {
            ["FailoverOrder:0"] = "paystack",
            ["FailoverOrder:1"] = "mpesa",
            ["DefaultProvider:AttemptTimeout"] = "00:00:20",
            ["Providers:mpesa:MaxConcurrency"] = "7",
            ["Queue:MaxAttempts"] = "5",
        });
        var (services, time) = Services();
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time);
        var paystack = new FakePaymentProvider("paystack", timeProvider: time);
        services.AddPaymentGateway(configuration).AddProvider(mpesa).AddProvider(paystack);
        using var sp = services.BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value;

        Assert.Equal(["paystack", "mpesa"], options.FailoverOrder);
        Assert.Equal(TimeSpan.FromSeconds(20), options.DefaultProvider.AttemptTimeout);
        Assert.Equal(7, options.For("mpesa").MaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(20), options.For("paystack").AttemptTimeout);
        Assert.Equal(5, options.Queue.MaxAttempts);

        var result = await sp.GetRequiredService<IPaymentGateway>().PayAsync(GatewayHarness.Request());
        Assert.Equal("paystack", result.Provider); // the bound failover order is what the gateway uses
        Assert.Empty(mpesa.Requests);
    }

    [Fact]
    public async Task AddPaymentGateway_MaxAmountsInConfiguration_RefusesALargerPaymentNamingAmount()
    {
        var (services, time) = Services();
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time);
        services.AddPaymentGateway(Config(new() { ["MaxAmounts:KES"] = "150000" })).AddProvider(mpesa);
        using var sp = services.BuildServiceProvider();

        Assert.Equal(150_000m, sp.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value.MaxAmounts["kes"]);
        var ex = await Assert.ThrowsAsync<PaymentValidationException>(() => sp.GetRequiredService<IPaymentGateway>().PayAsync(GatewayHarness.Request(amount: 150_001m)));
        Assert.Equal("Amount", ex.ParamName);
        Assert.Empty(mpesa.Requests);
    }

    [Fact]
    public void AddPaymentGateway_MaxAmountsForUnknownCurrency_ThrowsNamingTheOption()
    {
        var (services, time) = Services();
        services.AddPaymentGateway(Config(new() { ["MaxAmounts:KSH"] = "150000" })).AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IPaymentGateway>());

        Assert.Contains("MaxAmounts:KSH", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPaymentGateway_ConfigurationAndConfigure_ConfigureAppliedAfterBinding()
    {
        var configuration = Config(new() { ["Queue:MaxAttempts"] = "5" });
        var (services, time) = Services();
        services.AddPaymentGateway(configuration, o => o.Queue.MaxAttempts = 9).AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value;

        Assert.Equal(9, options.Queue.MaxAttempts);
    }

    [Fact]
    public void AddPaymentGateway_InvalidJitterFactor_ThrowsOptionsValidationExceptionNamingTheOption()
    {
        var (services, time) = Services();
        services.AddPaymentGateway(Config(new() { ["Queue:JitterFactor"] = "2" })).AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value);

        Assert.Contains("Queue:JitterFactor", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.Failures, f => f.Contains("Queue:JitterFactor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddPaymentGateway_InvalidOptions_HostFailsToStart()
    {
        var time = new FakeTimeProvider(GatewayHarness.Start);
        using var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddPaymentGateway(o => o.Queue.JitterFactor = 2).AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
            })
            .Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Queue:JitterFactor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPaymentGateway_FailoverOrderNamesUnregisteredProvider_ThrowsNamingIt()
    {
        var (services, time) = Services();
        services.AddPaymentGateway(o => o.FailoverOrder.Add("pesapal")).AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IPaymentGateway>());

        Assert.Contains("FailoverOrder[0]: no provider named 'pesapal' is registered; registered: mpesa.", ex.Failures);
    }

    [Fact]
    public void AddPaymentGateway_Resolve_InterfaceAndClassAreTheSameSingleton()
    {
        var (services, time) = Services();
        services.AddPaymentGateway(_ => { }).AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        var byInterface = sp.GetRequiredService<IPaymentGateway>();
        var byClass = sp.GetRequiredService<PaymentGateway>();

        Assert.Same(byClass, byInterface);
        Assert.Same(byInterface, sp.GetRequiredService<IPaymentGateway>());
        using var scope = sp.CreateScope();
        Assert.Same(byClass, scope.ServiceProvider.GetRequiredService<PaymentGateway>());
        var hosted = sp.GetServices<IHostedService>().ToList();
        Assert.Single(hosted.OfType<PaymentQueueWorker>());
        Assert.Single(hosted.OfType<PaymentReconciliationWorker>());
    }

    [Fact]
    public async Task UseStore_CustomStore_ReplacesInMemoryDefault()
    {
        var (services, time) = Services();
        var store = new InMemoryPaymentStore();
        services.AddPaymentGateway(_ => { }).AddProvider(new FakePaymentProvider("mpesa", timeProvider: time)).UseStore(_ => store);
        using var sp = services.BuildServiceProvider();

        Assert.Same(store, Assert.Single(sp.GetServices<IPaymentStore>()));
        await sp.GetRequiredService<IPaymentGateway>().PayAsync(GatewayHarness.Request());
        Assert.Equal(1, store.Count);
        Assert.NotNull(await store.GetAsync("park-001", CancellationToken.None));
    }

    [Fact]
    public void AddPaymentGateway_NoStoreChosen_UsesInMemoryStore()
    {
        var (services, time) = Services();
        services.AddPaymentGateway(_ => { }).AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        Assert.IsType<InMemoryPaymentStore>(Assert.Single(sp.GetServices<IPaymentStore>()));
    }

    [Fact]
    public async Task AddEventObserver_InstanceAndType_BothReceiveStatusEvents()
    {
        var (services, time) = Services();
        var instance = new CollectingObserver();
        services.AddPaymentGateway(_ => { })
            .AddProvider(new FakePaymentProvider("mpesa", timeProvider: time))
            .AddEventObserver(instance)
            .AddEventObserver<CollectingObserver>();
        using var sp = services.BuildServiceProvider();

        await sp.GetRequiredService<IPaymentGateway>().PayAsync(GatewayHarness.Request());
        await sp.GetServices<IHostedService>().OfType<PaymentEventDispatchWorker>().Single().RunOnceAsync();

        var byType = sp.GetServices<IPaymentEventObserver>().OfType<CollectingObserver>().Single(o => !ReferenceEquals(o, instance));
        foreach (var observer in new[] { instance, byType })
        {
            var changes = observer.Events.OfType<PaymentStatusChangedEvent>().ToList();
            Assert.Contains(changes, e => e.Payment.IdempotencyKey == "park-001" && e.Payment.Status == PaymentStatus.Succeeded);
            Assert.Contains(changes, e => e.PreviousStatus is null && e.Payment.Status == PaymentStatus.Processing);
        }
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static (ServiceCollection Services, FakeTimeProvider Time) Services()
    {
        var time = new FakeTimeProvider(GatewayHarness.Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging();
        return (services, time);
    }

    private sealed class CollectingObserver : IPaymentEventObserver
    {
        private readonly List<PaymentEvent> _events = [];

        public IReadOnlyList<PaymentEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.ToArray();
                }
            }
        }

        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
        {
            lock (_events)
            {
                _events.Add(paymentEvent);
            }

            return ValueTask.CompletedTask;
        }
    }
}
