using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;
using Resilience.Payments.Http;

namespace Resilience.Payments.Tests.DependencyInjection;

/// <summary>Provider names in the gateway's options are checked against the registered providers when the host validates options at start.</summary>
public class ProviderNameValidationTests
{
    [Fact]
    public void ValidateOnStart_FailoverOrderNamesUnknownProvider_NamesThePathTheIndexAndTheRegisteredProviders()
    {
        var services = Services(out var time);
        services.AddPaymentGateway(Section(new() { ["FailoverOrder:0"] = "mpesa", ["FailoverOrder:1"] = "paystack", ["FailoverOrder:2"] = "mpesa-daraja" }))
            .AddProvider(new FakePaymentProvider("mpesa", timeProvider: time))
            .AddProvider(new FakePaymentProvider("paystack", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Payments:FailoverOrder[2]: no provider named 'mpesa-daraja' is registered; registered: mpesa, paystack."], ex.Failures);
    }

    [Fact]
    public void ValidateOnStart_ProviderSectionForUnknownProviderAndOtherErrors_ReportsEveryFailureAtOnce()
    {
        var services = Services(out var time);
        services.AddPaymentGateway(Section(new() { ["FailoverOrder:0"] = "airtel", ["Providers:paystack:MaxConcurrency"] = "4", ["LeaseDuration"] = "00:00:00" }))
            .AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Payments:FailoverOrder[0]: no provider named 'airtel' is registered; registered: mpesa.", ex.Failures);
        Assert.Contains("Payments:Providers:paystack: no provider named 'paystack' is registered; registered: mpesa.", ex.Failures);
        Assert.Contains("Payments:LeaseDuration: must be greater than zero.", ex.Failures);
    }

    [Fact]
    public void ValidateOnStart_NamesInAnotherCase_Valid()
    {
        var services = Services(out var time);
        services.AddPaymentGateway(o => { o.FailoverOrder.Add("MPESA"); o.Providers["Mpesa"] = new ProviderResilienceOptions(); })
            .AddProvider(new FakePaymentProvider("mpesa", timeProvider: time));
        using var sp = services.BuildServiceProvider();

        sp.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(sp.GetRequiredService<IPaymentGateway>());
    }

    [Fact]
    public void ValidateOnStart_AdapterOptionsInvalidToo_BothReportedAndTheAdaptersNameStillKnown()
    {
        var services = Services(out _);
        services.AddPaymentGateway(o => { o.FailoverOrder.Add("named"); o.FailoverOrder.Add("mpesa-daraja"); })
            .AddHttpProvider<NamedHttpProvider, NamedHttpOptions, NamedHttpOptionsValidator>("named-client", static o => o.BaseAddress = null, static (_, _) => { });
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<AggregateException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        var failures = ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Contains("FailoverOrder[1]: no provider named 'mpesa-daraja' is registered; registered: named.", failures);
        Assert.Contains("BaseAddress is required.", failures);
        Assert.Equal(2, failures.Count); // 'named' was learnt from the adapter's options although they are invalid
    }

    [Fact]
    public void ValidateOnStart_ProviderThatCannotBeCreatedRegisteredByHand_NamesNotCheckedTheGatewayStillRefuses()
    {
        var services = Services(out _);
        services.AddPaymentGateway(o => o.FailoverOrder.Add("anything"));
        services.AddSingleton<IPaymentProvider>(_ => throw new InvalidOperationException("cannot be created"));
        using var sp = services.BuildServiceProvider();

        sp.GetRequiredService<IStartupValidator>().Validate(); // the provider's own failure is not an options failure

        Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<IPaymentGateway>());
    }

    [Fact]
    public void Constructor_FailoverOrderNamesUnknownProvider_ThrowsWithTheValidatorsMessage()
    {
        var time = new FakeTimeProvider(GatewayHarness.Start);
        var options = new PaymentGatewayOptions();
        options.FailoverOrder.Add("mpesa");
        options.FailoverOrder.Add("mpesa-daraja");

        var ex = Assert.Throws<InvalidOperationException>(() =>
            new PaymentGateway([new FakePaymentProvider("mpesa", timeProvider: time), new FakePaymentProvider("paystack", timeProvider: time)], new InMemoryPaymentStore(), Options.Create(options), time));

        Assert.Equal("FailoverOrder[1]: no provider named 'mpesa-daraja' is registered; registered: mpesa, paystack.", ex.Message);
    }

    private static ServiceCollection Services(out FakeTimeProvider time)
    {
        time = new FakeTimeProvider(GatewayHarness.Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging();
        return services;
    }

    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(p => "Payments:" + p.Key, p => p.Value)).Build().GetSection("Payments");

    public sealed class NamedHttpOptions
    {
        public string Name { get; set; } = "named";

        public Uri? BaseAddress { get; set; } = new("http://127.0.0.1:9/");
    }

    public sealed class NamedHttpOptionsValidator : IValidateOptions<NamedHttpOptions>
    {
        public ValidateOptionsResult Validate(string? name, NamedHttpOptions options) =>
            options.BaseAddress is null ? ValidateOptionsResult.Fail("BaseAddress is required.") : ValidateOptionsResult.Success;
    }

    public sealed class NamedHttpProvider(HttpClient http, IOptions<NamedHttpOptions> options) : IPaymentProvider
    {
        private readonly FakePaymentProvider _inner = new(options.Value.Name);

        public HttpClient Http { get; } = http;

        public string Name => _inner.Name;

        public ProviderCapabilities Capabilities => _inner.Capabilities;

        public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken) => _inner.InitiateAsync(request, cancellationToken);

        public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) => _inner.QueryStatusAsync(request, cancellationToken);
    }
}
