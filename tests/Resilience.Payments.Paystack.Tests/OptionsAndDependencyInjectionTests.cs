using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Payments.Paystack.Internal;

namespace Resilience.Payments.Paystack.Tests;

public class OptionsAndDependencyInjectionTests
{
    [Fact]
    public void AddPaystack_FromConfiguration_RegistersProviderAndWebhook()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paystack:SecretKey"] = "sk_test_config",
            ["Paystack:DefaultEmail"] = "payments@county.example",
            ["Paystack:BaseAddress"] = "http://localhost:1/",
            ["Paystack:Currencies:0"] = "KES",
            ["Paystack:Currencies:1"] = "NGN",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPaymentGateway(_ => { }).AddPaystack(configuration.GetSection("Paystack"));
        using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<PaystackPaymentProvider>(Assert.Single(sp.GetServices<IPaymentProvider>()));
        Assert.Equal("paystack", provider.Name);
        Assert.Equal(["KES", "NGN"], provider.Capabilities.Currencies);
        Assert.Contains(MobileNetwork.Safaricom, provider.Capabilities.Networks);
        Assert.Equal("paystack", sp.GetRequiredService<PaystackWebhook>().ProviderName);
    }

    [Fact]
    public void AddPaystack_MissingSecretKey_FailsValidationNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(_ => { }).AddPaystack(o => o.DefaultEmail = "payments@county.example");
        using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PaystackOptions>>().Value);
        Assert.Contains("SecretKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_NamesEveryBadOption()
    {
        var options = new PaystackOptions { Name = " ", BaseAddress = null, SecretKey = null, DefaultEmail = "nobody", RequestTimeout = TimeSpan.Zero };
        options.Currencies.Add("XXQ");
        var result = new PaystackOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        foreach (var name in new[] { "Name", "BaseAddress", "SecretKey", "DefaultEmail", "Currencies", "RequestTimeout" })
        {
            Assert.Contains($"PaystackOptions.{name}", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_AreKesAndPaystackProduction()
    {
        var options = new PaystackOptions { SecretKey = "sk_test_x", DefaultEmail = "a@b.example" };
        Assert.True(new PaystackOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(new Uri("https://api.paystack.co/"), options.BaseAddress);
        Assert.Equal(["KES"], options.EffectiveCurrencies);
    }
}
