using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Telemetry;

namespace Resilience.Payments.Tests.DependencyInjection;

public class InMemoryStoreWarningTests
{
    private const string Warning = "The payment store is the in-memory store in the Production environment";

    [Fact]
    public void AddPaymentGateway_InMemoryStoreInProduction_WarnsOnceWhenTheGatewayIsCreated()
    {
        var logs = new CapturingLoggerProvider();
        using var services = Build(Environments.Production, logs);

        services.GetRequiredService<IPaymentGateway>();
        services.GetRequiredService<IPaymentOperations>();

        Assert.Single(logs.Lines, l => l.StartsWith(Warning, StringComparison.Ordinal));
    }

    [Fact]
    public void AddPaymentGateway_InMemoryStoreInDevelopment_DoesNotWarn()
    {
        var logs = new CapturingLoggerProvider();
        using var services = Build(Environments.Development, logs);

        services.GetRequiredService<IPaymentGateway>();

        Assert.DoesNotContain(logs.Lines, l => l.Contains("in-memory store", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(string environment, CapturingLoggerProvider logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false).AddProvider(new FakePaymentProvider("fake"));
        return services.BuildServiceProvider();
    }
}
