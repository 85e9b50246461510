using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>What the library does to a provider client's handler chain, and its check when the provider is created.</summary>
public sealed class HandlerChainTests : IDisposable
{
    private readonly ProbeClient _probe = new();

    public void Dispose() => _probe.Dispose();

    [Fact]
    public void CreateHandler_AspireDefaultsAndTheAppsHandlers_RemovesTheResendingOnesAndPutsTheGuardLast()
    {
        using var services = _probe.Services(static (services, client) =>
        {
            services.ConfigureHttpClientDefaults(static http => http.AddStandardResilienceHandler());
            services.AddHttpClient("other-api"); // not a provider client: keeps the host's defaults
            client.AddHttpMessageHandler(static () => new HeaderHandler())
                .AddHttpMessageHandler(static () => new PolicyHttpMessageHandler())
                .AddResilienceHandler("app-retry", static pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions()));
        }).BuildServiceProvider();
        var factory = services.GetRequiredService<IHttpMessageHandlerFactory>();

        var chain = Chain(factory.CreateHandler(ProbeClient.ClientName));
        var other = Chain(factory.CreateHandler("other-api"));

        Assert.Contains(nameof(HeaderHandler), chain);
        Assert.DoesNotContain(nameof(ResilienceHandler), chain);
        Assert.DoesNotContain(nameof(PolicyHttpMessageHandler), chain);
        Assert.Equal(["SendOnceGuardHandler", nameof(SocketsHttpHandler)], chain[^2..]);
        Assert.Contains(nameof(ResilienceHandler), other);
        Assert.DoesNotContain("SendOnceGuardHandler", other);
    }

    [Fact]
    public void CreateHandler_HandlerAddedByNameBeforeTheAdapter_IsRemovedToo()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(ProbeClient.ClientName).AddStandardHedgingHandler(); // the application's registration comes first

        using var provider = _probe.Services(services: services).BuildServiceProvider();
        var chain = Chain(provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(ProbeClient.ClientName));

        Assert.DoesNotContain(nameof(ResilienceHandler), chain);
        Assert.Equal("SendOnceGuardHandler", chain[^2]);
    }

    [Fact]
    public void ProviderCreation_ResendingHandlerAddedAfterTheLibrarysFilter_Throws()
    {
        using var services = _probe.Services(static (services, _) =>
            services.Insert(0, ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter>(new LateFilter(static b => b.AdditionalHandlers.Insert(0, new ResilienceHandler(ResiliencePipeline<HttpResponseMessage>.Empty))))))
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ProbeClient.ProbeProvider>());

        Assert.Contains($"'{ProbeClient.ClientName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ResilienceHandler), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderCreation_HandlerPutBetweenTheGuardAndThePrimaryHandler_Throws()
    {
        using var services = _probe.Services(static (services, _) =>
            services.Insert(0, ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter>(new LateFilter(static b => b.AdditionalHandlers.Add(new HeaderHandler())))))
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ProbeClient.ProbeProvider>());

        Assert.Contains("between the send-once guard and the primary handler", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderCreation_GuardedChain_LogsTheKeptAndRemovedHandlersOnceAtInformation()
    {
        using var services = _probe.Services(static (services, client) =>
        {
            services.AddLogging(static logging => logging.AddFakeLogging());
            services.ConfigureHttpClientDefaults(static http => http.AddStandardResilienceHandler());
            client.AddHttpMessageHandler(static () => new HeaderHandler());
        }).BuildServiceProvider();

        _ = services.GetRequiredService<ProbeClient.ProbeProvider>();
        _ = services.GetRequiredService<IPaymentGateway>();

        var record = Assert.Single(services.GetFakeLogCollector().GetSnapshot(), static r => r.Id.Id == 100);
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Contains(ProbeClient.ClientName, record.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(HeaderHandler).FullName!, record.Message, StringComparison.Ordinal);
        Assert.Contains("removed: " + typeof(ResilienceHandler).FullName, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderCreation_AppSetsItsPrimaryHandlerAndHeaders_TheyAreKept()
    {
        await using var services = _probe.Services(static (_, client) => client
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { UseProxy = false })
            .ConfigureHttpClient(static http => http.DefaultRequestHeaders.Add("X-App", "1"))
            .AddHttpMessageHandler(static () => new HeaderHandler())).BuildServiceProvider();
        var http = services.GetRequiredService<ProbeClient.ProbeProvider>().Http;

        (await http.GetAsync(ProbeClient.StatusPath.TrimStart('/'))).Dispose();

        var request = Assert.Single(_probe.Wire.LogEntries).RequestMessage!;
        Assert.Equal("1", request.Headers!["X-App"].Single());
        Assert.Equal("kept", request.Headers!["X-Handler"].Single());
    }

    private static List<string> Chain(HttpMessageHandler handler)
    {
        var names = new List<string>();
        for (var current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            names.Add(current.GetType().Name);
        }

        return names;
    }

    /// <summary>A handler that adds a header: the kind of handler an application keeps.</summary>
    private sealed class HeaderHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Handler", "kept");
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A filter registered before the library's (so it runs after it) that changes the chain last.</summary>
    private sealed class LateFilter(Action<HttpMessageHandlerBuilder> change) : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            change(builder);
        };
    }
}
