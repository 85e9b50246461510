using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>A WebApplication on a real Kestrel listening on loopback, with fake logging and no background workers.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    private TestApp(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<TestApp> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map, int port = 0, IPAddress? address = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseKestrel(k => k.Listen(address ?? IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFakeLogging();
        services(builder.Services);
        RemoveWorkers(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/') + "/"));
    }

    /// <summary>The tests drive the workers themselves (RunOnceAsync), on the fake clock.</summary>
    public static void RemoveWorkers(IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IHostedService)
            && (d.ImplementationType == typeof(PaymentQueueWorker) || d.ImplementationType == typeof(PaymentReconciliationWorker) || d.ImplementationType == typeof(PaymentEventDispatchWorker))).ToList())
        {
            services.Remove(descriptor);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A callback handler that answers what the test scripts and records what it received.</summary>
internal sealed class ScriptedHandler(string provider) : IPaymentCallbackHandler
{
    public string Provider { get; } = provider;

    public Func<PaymentCallback, PaymentCallbackResult> Respond { get; set; } = _ => PaymentCallbackResult.Ignored("not scripted");

    public ConcurrentQueue<PaymentCallback> Received { get; } = new();

    public Task<PaymentCallbackResult> HandleAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        Received.Enqueue(callback);
        return Task.FromResult(Respond(callback));
    }
}
