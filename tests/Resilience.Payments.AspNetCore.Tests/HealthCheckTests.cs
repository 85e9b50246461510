using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>The gateway health check: circuit states (scripted through a wrapper) and the real queue depth.</summary>
public sealed class HealthCheckTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestApp.Start);
    private readonly FakePaymentProvider _fake;
    private readonly PaymentGateway _gateway;

    public HealthCheckTests()
    {
        _fake = new FakePaymentProvider("fake", timeProvider: _time);
        _fake.Otherwise(FakeBehavior.NotProcessed());
        _gateway = new PaymentGateway([_fake], new InMemoryPaymentStore(), Microsoft.Extensions.Options.Options.Create(new PaymentGatewayOptions { InstanceName = "test" }), _time, NullLoggerFactory.Instance);
    }

    public void Dispose() => _gateway.Dispose();

    private static HealthCheckContext Context(HealthStatus failureStatus = HealthStatus.Unhealthy) =>
        new() { Registration = new HealthCheckRegistration("payments", _ => null!, failureStatus, null) };

    private async Task QueueAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var result = await _gateway.PayAsync(new PaymentRequest { IdempotencyKey = $"q-{i}", Amount = Money.Kes(50m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] });
            Assert.Equal(PaymentStatus.Queued, result.Status);
        }
    }

    private Task<HealthCheckResult> CheckAsync(PaymentGatewayHealthCheckOptions? options, params ProviderCircuitState[] states) =>
        new PaymentGatewayHealthCheck(new ScriptedHealthGateway(_gateway, states), _gateway, options).CheckHealthAsync(Context());

    [Fact]
    public async Task CheckHealthAsync_AllClosed_IsHealthyWithOneEntryPerProvider()
    {
        await QueueAsync(3);

        var result = await CheckAsync(null, ProviderCircuitState.Closed, ProviderCircuitState.Closed);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("Closed", result.Data["provider:p0"]);
        Assert.Equal("Closed", result.Data["provider:p1"]);
        Assert.Equal(3, result.Data["queue.depth"]);
        Assert.Equal(false, result.Data["queue.depth.capped"]);
    }

    [Theory]
    [InlineData(ProviderCircuitState.Open)]
    [InlineData(ProviderCircuitState.HalfOpen)]
    [InlineData(ProviderCircuitState.Isolated)]
    public async Task CheckHealthAsync_SomeNotClosed_IsDegraded(ProviderCircuitState state)
    {
        var result = await CheckAsync(null, ProviderCircuitState.Closed, state);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(state.ToString(), result.Data["provider:p1"]);
        Assert.Contains("p1", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_OpenAndHalfOpen_IsDegradedBecauseTheProbeMaySucceed()
    {
        var result = await CheckAsync(null, ProviderCircuitState.Open, ProviderCircuitState.HalfOpen);

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    [Fact]
    public async Task CheckHealthAsync_AllOpenOrIsolated_IsTheFailureStatus()
    {
        var check = new PaymentGatewayHealthCheck(new ScriptedHealthGateway(_gateway, [ProviderCircuitState.Open, ProviderCircuitState.Isolated]), _gateway);

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(Context())).Status);
        Assert.Equal(HealthStatus.Degraded, (await check.CheckHealthAsync(Context(HealthStatus.Degraded))).Status);
    }

    [Fact]
    public async Task CheckHealthAsync_NoProviders_IsUnhealthy()
    {
        var result = await CheckAsync(null);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task CheckHealthAsync_QueueAtTheDegradedDepth_IsDegradedAndCappedCountIsFlagged()
    {
        await QueueAsync(3);

        var degraded = await CheckAsync(new PaymentGatewayHealthCheckOptions { DegradedQueueDepth = 3 }, ProviderCircuitState.Closed);
        var capped = await CheckAsync(new PaymentGatewayHealthCheckOptions { MaxQueueCount = 2 }, ProviderCircuitState.Closed);

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(2, capped.Data["queue.depth"]);
        Assert.Equal(true, capped.Data["queue.depth.capped"]);
    }

    [Fact]
    public void AddPaymentGatewayCheck_InvalidOptions_Throw()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddPaymentGatewayCheck(configure: o => o.MaxQueueCount = 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddPaymentGatewayCheck(configure: o => o.DegradedQueueDepth = 0));
    }

    [Fact]
    public async Task AddPaymentGatewayCheck_ThroughKestrel_ReportsTheRealGatewaysCircuits()
    {
        var provider = new FakePaymentProvider("mpesa", timeProvider: _time);
        provider.Otherwise(FakeBehavior.NotProcessed());
        await using var app = await TestApp.StartAsync(
            services =>
            {
                services.AddSingleton<TimeProvider>(_time);
                services.AddPaymentGateway(o =>
                {
                    o.InstanceName = "test";
                    o.DefaultProvider.MinimumThroughput = 2;
                }).AddProvider(provider);
                services.AddHealthChecks().AddPaymentGatewayCheck(tags: ["ready"]);
            },
            app => app.MapHealthChecks("/health"));

        using (var healthy = await app.Client.GetAsync("health"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync());
        }

        var gateway = app.Services.GetRequiredService<IPaymentGateway>();
        for (var i = 0; i < 3; i++)
        {
            await gateway.PayAsync(new PaymentRequest { IdempotencyKey = $"h-{i}", Amount = Money.Kes(50m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] });
        }

        Assert.Equal(ProviderCircuitState.Open, Assert.Single(gateway.GetProviderHealth()).CircuitState);
        using var unhealthy = await app.Client.GetAsync("health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync());
    }

    /// <summary>The real gateway, with circuit states set by the test (p0, p1, ... in order).</summary>
    private sealed class ScriptedHealthGateway(IPaymentGateway inner, ProviderCircuitState[] states) : IPaymentGateway
    {
        public Task<PaymentResult> PayAsync(PaymentRequest request, CancellationToken cancellationToken = default) => inner.PayAsync(request, cancellationToken);

        public Task<PaymentResult?> GetAsync(string idempotencyKey, CancellationToken cancellationToken = default) => inner.GetAsync(idempotencyKey, cancellationToken);

        public Task<ProviderUpdateResult> ApplyProviderUpdateAsync(ProviderUpdate update, CancellationToken cancellationToken = default) => inner.ApplyProviderUpdateAsync(update, cancellationToken);

        public IReadOnlyList<ProviderHealth> GetProviderHealth() => states.Select((s, i) => new ProviderHealth($"p{i}", s)).ToList();
    }
}
