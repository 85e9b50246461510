using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Resilience.Payments.Testing.Simulators;

namespace Resilience.Payments.Adversarial.Tests;

/// <summary>
/// Issue 11: a host's HTTP handlers never re-send a charge. Each adapter, against its simulator over loopback HTTP, in a host whose
/// defaults or own registrations put a retry or hedging handler on every client; the provider fails the charge in a way those
/// handlers retry at once (503, or the reply lost after the charge); one payment must reach the provider with one charge request.
/// </summary>
public sealed class HostHandlerTests
{
    /// <summary>The .NET Aspire service-defaults template: <c>ConfigureHttpClientDefaults(h => h.AddStandardResilienceHandler())</c>.</summary>
    public const string AspireStandard = "aspire-standard-resilience";

    /// <summary>The template's alternative: <c>ConfigureHttpClientDefaults(h => h.AddStandardHedgingHandler())</c>.</summary>
    public const string AspireHedging = "aspire-standard-hedging";

    /// <summary>The application adds a Polly retry by the adapter's client name, after <c>AddXxx</c>.</summary>
    public const string AppResilienceHandler = "app-resilience-handler-by-name";

    /// <summary>The application adds a home-made retry handler by the adapter's client name, after <c>AddXxx</c>: only the send-once guard stops it.</summary>
    public const string AppCustomRetry = "app-custom-retry-by-name";

    public const string Http503 = "http-503";
    public const string ReplyLost = "charge-then-reply-lost";

    private static readonly DateTimeOffset Start = new(2026, 7, 24, 6, 0, 0, TimeSpan.FromHours(3));

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in ProviderUnderTest.All)
        {
            foreach (var host in new[] { AspireStandard, AspireHedging, AppResilienceHandler, AppCustomRetry })
            {
                foreach (var fault in new[] { Http503, ReplyLost })
                {
                    data.Add(provider, host, fault);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PayAsync_HostRetryOrHedgingHandlers_SendsOneChargeRequestPerAttempt(string providerName, string host, string fault)
    {
        var time = new FakeTimeProvider(Start);
        var provider = ProviderUnderTest.Create(providerName, time);
        await using var simulator = provider.Simulator;
        var network = new TestNetwork(provider.ChargePath);
        await using var services = BuildHost(provider, network, time, host);
        var gateway = services.GetRequiredService<IPaymentGateway>();

        // A first payment on a healthy provider: the OAuth token and Pesapal's IPN registration are in place, so that the fault
        // below hits the charge itself.
        await gateway.PayAsync(provider.Payment("warm-up"));
        var before = provider.ChargeRequests;
        if (fault == Http503)
        {
            simulator.AddFault(new SimulatorFault(SimulatorFaultKind.Http503));
        }
        else
        {
            network.DropChargeReplies = true;
        }

        var result = await gateway.PayAsync(provider.Payment("under-test"));

        Assert.Equal(1, provider.ChargeRequests - before);
        Assert.Single(result.Attempts);
    }

    internal static ServiceProvider BuildHost(ProviderUnderTest provider, TestNetwork network, TimeProvider time, string host)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        switch (host)
        {
            case AspireStandard:
                // The template's handler; its first retry delay zeroed so that, on a library that let it run, the re-sends would
                // show at once instead of after 2 + 4 + 8 s.
                services.ConfigureHttpClientDefaults(static http => http.AddStandardResilienceHandler(static o => o.Retry.Delay = TimeSpan.Zero));
                break;
            case AspireHedging:
                services.ConfigureHttpClientDefaults(static http => http.AddStandardHedgingHandler());
                break;
        }

        var payments = services.AddPaymentGateway(static o =>
        {
            o.EnableBackgroundWorkers = false;
            o.InstanceName = "adversarial";
        });
        provider.Add(payments);
        var client = services.AddHttpClient(provider.ClientName).ConfigurePrimaryHttpMessageHandler(network.CreatePrimaryHandler);
        switch (host)
        {
            case AppResilienceHandler:
                client.AddResilienceHandler("app-retry", static pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.Zero }));
                break;
            case AppCustomRetry:
                client.AddHttpMessageHandler(static () => new NaiveRetryHandler());
                break;
        }

        return services.BuildServiceProvider();
    }
}
