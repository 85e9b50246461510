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

    [Fact]
    public void AddPaymentGateway_ProviderSection_StartsFromDefaultProvider()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DefaultProvider:AttemptTimeout"] = "00:00:05",
                ["DefaultProvider:BreakDuration"] = "00:00:07",
                ["Providers:mpesa:MaxConcurrency"] = "4",
                ["Providers:airtel:AttemptTimeout"] = "00:00:09",
            })
            .Build();
        var services = new ServiceCollection();

        services.AddPaymentGateway(configuration);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PaymentGatewayOptions>>().Value;

        Assert.Equal(4, options.For("mpesa").MaxConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(5), options.For("MPESA").AttemptTimeout); // inherited, and names ignore case
        Assert.Equal(TimeSpan.FromSeconds(7), options.For("mpesa").BreakDuration);
        Assert.Equal(TimeSpan.FromSeconds(9), options.For("airtel").AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), options.For("airtel").BreakDuration);
        Assert.Equal(TimeSpan.FromSeconds(5), options.For("paystack").AttemptTimeout); // no section: the default provider's options
        Assert.NotSame(options.DefaultProvider, options.For("mpesa"));
    }
}
