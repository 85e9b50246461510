using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Workers;

public class HostedWorkerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task HostedQueueWorker_ProviderRecovers_RetriesOnlyWhenDueAndSucceeds()
    {
        var (host, time, mpesa) = BuildHost(enabled: true);
        using var _ = host;
        await host.StartAsync(TestContext.Current.CancellationToken);
        var gateway = host.Services.GetRequiredService<IPaymentGateway>();
        mpesa.Enqueue(FakeBehavior.NotProcessed()); // then the default: succeed

        var queued = await gateway.PayAsync(GatewayHarness.Request());
        Assert.Equal(PaymentStatus.Queued, queued.Status);
        var dueAt = queued.NextAttemptAt!.Value;

        var steps = await AdvanceUntilAsync(time, async () =>
        {
            var status = (await gateway.GetAsync("park-001"))!.Status;
            if (time.GetUtcNow() < dueAt)
            {
                Assert.Equal(PaymentStatus.Queued, status); // never retried early
            }

            return status == PaymentStatus.Succeeded;
        });

        Assert.True(time.GetUtcNow() >= dueAt, $"retried at {time.GetUtcNow()}, due {dueAt}");
        Assert.True(time.GetUtcNow() <= dueAt + TimeSpan.FromMinutes(1), $"retried only at {time.GetUtcNow()}, due {dueAt} ({steps} steps)");
        Assert.Equal(2, mpesa.Requests.Count);
        Assert.Single(mpesa.Charges);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task HostedReconciler_UnknownOutcomeCharged_SettlesAsSucceeded()
    {
        var (host, time, mpesa) = BuildHost(enabled: true);
        using var _ = host;
        await host.StartAsync(TestContext.Current.CancellationToken);
        var gateway = host.Services.GetRequiredService<IPaymentGateway>();
        mpesa.Enqueue(FakeBehavior.ChargeThenUnknown());

        Assert.Equal(PaymentStatus.Pending, (await gateway.PayAsync(GatewayHarness.Request())).Status);
        await AdvanceUntilAsync(time, async () => (await gateway.GetAsync("park-001"))!.Status == PaymentStatus.Succeeded);

        Assert.Single(mpesa.Requests);
        Assert.Single(mpesa.Charges);
        Assert.True(mpesa.StatusQueries >= 1);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Host_BackgroundWorkersDisabled_ProcessesNothing()
    {
        var (host, time, mpesa) = BuildHost(enabled: false);
        using var _ = host;
        await host.StartAsync(TestContext.Current.CancellationToken);
        var gateway = host.Services.GetRequiredService<IPaymentGateway>();
        mpesa.Enqueue(FakeBehavior.NotProcessed());
        Assert.Equal(PaymentStatus.Queued, (await gateway.PayAsync(GatewayHarness.Request())).Status);

        await AdvanceForAsync(time, TimeSpan.FromMinutes(10));

        Assert.Equal(PaymentStatus.Queued, (await gateway.GetAsync("park-001"))!.Status);
        Assert.Single(mpesa.Requests);

        // A disabled worker's ExecuteAsync returns at once, but on a busy machine it may not have run yet: wait for it, never for time.
        await Task.WhenAll(Workers(host).Select(w => w.ExecuteTask ?? Task.CompletedTask)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.All(Workers(host), w => Assert.True(w.ExecuteTask?.IsCompletedSuccessfully ?? true));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Host_Stopped_LoopsEndAndNothingMoreIsProcessed()
    {
        var (host, time, mpesa) = BuildHost(enabled: true);
        using var _ = host;
        await host.StartAsync(TestContext.Current.CancellationToken);
        var workers = Workers(host);
        Assert.Equal(2, workers.Count);
        Assert.All(workers, w => Assert.False(w.ExecuteTask!.IsCompleted, "the loop runs while the host runs"));

        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.All(workers, w => Assert.True(w.ExecuteTask!.IsCompleted, "the loop ended when the host stopped"));
        var gateway = host.Services.GetRequiredService<IPaymentGateway>();
        mpesa.Enqueue(FakeBehavior.NotProcessed());
        Assert.Equal(PaymentStatus.Queued, (await gateway.PayAsync(GatewayHarness.Request())).Status);
        await AdvanceForAsync(time, TimeSpan.FromMinutes(5));
        Assert.Equal(PaymentStatus.Queued, (await gateway.GetAsync("park-001"))!.Status);
        Assert.Single(mpesa.Requests);
    }

    [Fact]
    public async Task HostedQueueWorker_StoreFailsForSomeCycles_LoopSurvivesAndPaymentSucceeds()
    {
        var store = new FlakyStore(failures: 6); // both loops' first cycles throw
        var (host, time, mpesa) = BuildHost(enabled: true, store);
        using var _ = host;
        await host.StartAsync(TestContext.Current.CancellationToken);
        var gateway = host.Services.GetRequiredService<IPaymentGateway>();
        mpesa.Enqueue(FakeBehavior.NotProcessed());
        Assert.Equal(PaymentStatus.Queued, (await gateway.PayAsync(GatewayHarness.Request())).Status);

        await AdvanceUntilAsync(time, async () => (await gateway.GetAsync("park-001"))!.Status == PaymentStatus.Succeeded);

        Assert.Equal(6, store.FailedClaims);
        Assert.All(Workers(host), w => Assert.False(w.ExecuteTask!.IsCompleted, "a failed cycle must not end the loop"));
        Assert.Single(mpesa.Charges);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static (IHost Host, FakeTimeProvider Time, FakePaymentProvider Mpesa) BuildHost(bool enabled, IPaymentStore? store = null)
    {
        var time = new FakeTimeProvider(GatewayHarness.Start);
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time);
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(time);
                var builder = services.AddPaymentGateway(o =>
                {
                    o.InstanceName = "hosted";
                    o.EnableBackgroundWorkers = enabled;
                }).AddProvider(mpesa);
                if (store is not null)
                {
                    builder.UseStore(_ => store);
                }
            })
            .Build();
        return (host, time, mpesa);
    }

    private static List<BackgroundService> Workers(IHost host) =>
        host.Services.GetServices<IHostedService>().Where(s => s is PaymentQueueWorker or PaymentReconciliationWorker).Cast<BackgroundService>().ToList();

    /// <summary>Advances the clock one step at a time, letting the workers run between steps, until the condition holds.</summary>
    private static async Task<int> AdvanceUntilAsync(FakeTimeProvider time, Func<Task<bool>> condition, int maxSteps = 600)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            for (var y = 0; y < 5_000; y++)
            {
                if (await condition())
                {
                    return step;
                }

                await Task.Yield();
            }

            time.Advance(Step);
        }

        Assert.Fail($"The condition did not hold after {maxSteps} steps of {Step} (now {time.GetUtcNow()}).");
        return maxSteps;
    }

    private static async Task AdvanceForAsync(FakeTimeProvider time, TimeSpan duration)
    {
        var end = time.GetUtcNow() + duration;
        while (time.GetUtcNow() < end)
        {
            time.Advance(Step);
            for (var y = 0; y < 50; y++)
            {
                await Task.Yield();
            }
        }
    }
}
