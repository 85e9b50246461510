using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Testing;
using Resilience.Payments.Http;

namespace Resilience.Payments.Tests.DependencyInjection;

public class HttpProviderGatewayBuilderExtensionsTests
{
    private const string ClientName = "test-adapter";

    [Fact]
    public void AddHttpProvider_Singleton_RegistersOneProviderWithTheNamedClientConfiguredFromOptions()
    {
        var services = new ServiceCollection();
        var builder = services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false);
        builder.AddHttpProvider<TestHttpProvider, TestHttpOptions, TestHttpOptionsValidator>(
            ClientName, o => o.BaseAddress = new Uri("http://127.0.0.1:9/api/"), static (options, client) => client.BaseAddress = options.BaseAddress);
        services.AddHttpClient(ClientName).ConfigureHttpClient(static client => client.DefaultRequestHeaders.Add("X-App", "1"));
        using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<TestHttpProvider>(Assert.Single(sp.GetServices<IPaymentProvider>()));

        Assert.Same(provider, sp.GetRequiredService<TestHttpProvider>());
        Assert.Equal(new Uri("http://127.0.0.1:9/api/"), provider.Http.BaseAddress);
        Assert.True(provider.Http.DefaultRequestHeaders.Contains("X-App")); // the application's AddHttpClient(name) reaches the adapter
        Assert.Same(TimeProvider.System, provider.Time);
        Assert.NotNull(sp.GetRequiredService<IPaymentGateway>());
    }

    [Fact]
    public void AddHttpProvider_AnyAdapter_PrimaryHandlerReplacesPooledConnectionsEveryFiveMinutes()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false)
            .AddHttpProvider<TestHttpProvider, TestHttpOptions, TestHttpOptionsValidator>(ClientName, static _ => { }, static (_, _) => { });
        using var sp = services.BuildServiceProvider();

        HttpMessageHandler? handler = sp.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(ClientName);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler;
        }

        Assert.Equal(TimeSpan.FromMinutes(5), Assert.IsType<SocketsHttpHandler>(handler).PooledConnectionLifetime);
    }

    [Fact]
    public void AddHttpProvider_Transient_CreatesAProviderPerResolutionAndTheGatewayKeepsOne()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false)
            .AddHttpProvider<TestHttpProvider, TestHttpOptions, TestHttpOptionsValidator>(ClientName, static _ => { }, static (_, _) => { }, ServiceLifetime.Transient);
        using var sp = services.BuildServiceProvider();

        Assert.NotSame(sp.GetRequiredService<TestHttpProvider>(), sp.GetRequiredService<TestHttpProvider>());
        Assert.Same(Assert.Single(sp.GetServices<IPaymentProvider>()), Assert.Single(sp.GetServices<IPaymentProvider>()));
    }

    [Fact]
    public void AddHttpProvider_InvalidOptions_FailsValidationNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false)
            .AddHttpProvider<TestHttpProvider, TestHttpOptions, TestHttpOptionsValidator>(ClientName, static o => o.BaseAddress = null, static (_, _) => { });
        using var sp = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(nameof(TestHttpOptions.BaseAddress), string.Join('\n', error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AddHttpProvider_ScopedLifetime_ThrowsArgumentOutOfRange()
    {
        var builder = new ServiceCollection().AddPaymentGateway(static _ => { });

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            builder.AddHttpProvider<TestHttpProvider, TestHttpOptions, TestHttpOptionsValidator>(ClientName, static _ => { }, static (_, _) => { }, ServiceLifetime.Scoped));
    }

    [Fact]
    public void AddPaymentCallbackHandler_AddedTwice_RegistersOneHandlerSharedWithItsType()
    {
        var services = new ServiceCollection();
        var builder = services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false);
        builder.AddHttpProvider<TestHttpProvider, TestHttpOptions, TestHttpOptionsValidator>(ClientName, static _ => { }, static (_, _) => { });
        builder.AddPaymentCallbackHandler<TestCallbackHandler>().AddPaymentCallbackHandler<TestCallbackHandler>();
        using var sp = services.BuildServiceProvider();

        var handler = Assert.IsType<TestCallbackHandler>(Assert.Single(sp.GetServices<IPaymentCallbackHandler>()));

        Assert.Same(handler, sp.GetRequiredService<TestCallbackHandler>());
        Assert.Same(sp.GetRequiredService<TestHttpProvider>(), handler.Provider);
    }

    public sealed class TestHttpOptions
    {
        public Uri? BaseAddress { get; set; } = new("http://127.0.0.1:9/");
    }

    public sealed class TestHttpOptionsValidator : IValidateOptions<TestHttpOptions>
    {
        public ValidateOptionsResult Validate(string? name, TestHttpOptions options) =>
            options.BaseAddress is null ? ValidateOptionsResult.Fail($"{nameof(TestHttpOptions.BaseAddress)} is required.") : ValidateOptionsResult.Success;
    }

    public sealed class TestHttpProvider(HttpClient http, IOptions<TestHttpOptions> options, TimeProvider? time = null) : IPaymentProvider
    {
        private readonly FakePaymentProvider _inner = new("test");

        public HttpClient Http { get; } = http;

        public TestHttpOptions Options { get; } = options.Value;

        public TimeProvider? Time { get; } = time;

        public string Name => _inner.Name;

        public ProviderCapabilities Capabilities => _inner.Capabilities;

        public Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken) => _inner.InitiateAsync(request, cancellationToken);

        public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) => _inner.QueryStatusAsync(request, cancellationToken);
    }

    public sealed class TestCallbackHandler(TestHttpProvider provider) : IPaymentCallbackHandler
    {
        public TestHttpProvider Provider { get; } = provider;

        string IPaymentCallbackHandler.Provider => Provider.Name;

        public Task<PaymentCallbackResult> HandleAsync(PaymentCallback callback, CancellationToken cancellationToken) =>
            Task.FromResult(PaymentCallbackResult.Ignored("test"));
    }
}
