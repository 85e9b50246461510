using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Resilience.Payments.Tests.DependencyInjection;

public class ConfigureOrderTests
{
    [Fact]
    public void AddPaymentGateway_ConfigurationAndCallback_CallbackRunsAfterBinding()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["LeaseDuration"] = "00:02:00", ["Queue:MaxAttempts"] = "7" })
            .Build();
        var services = new ServiceCollection();

        services.AddPaymentGateway(configuration, o => o.LeaseDuration = TimeSpan.FromMinutes(7));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(7), options.LeaseDuration);
        Assert.Equal(7, options.Queue.MaxAttempts);
    }
}
