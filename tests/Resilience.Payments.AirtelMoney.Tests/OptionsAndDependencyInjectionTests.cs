using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Payments.AirtelMoney.Internal;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.AirtelMoney.Tests;

public class OptionsAndDependencyInjectionTests
{
    [Fact]
    public void AddAirtelMoney_FromConfiguration_RegistersOneProviderAndTheCallbackHandler()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Airtel:ClientId"] = "client",
            ["Airtel:ClientSecret"] = "secret",
            ["Airtel:BaseAddress"] = "http://localhost:1/",
            ["Airtel:RequestTimeout"] = "00:00:12",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPaymentGateway(_ => { }).AddAirtelMoney(configuration.GetSection("Airtel"));
        using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<AirtelMoneyPaymentProvider>(Assert.Single(sp.GetServices<IPaymentProvider>()));
        Assert.Equal("airtel", provider.Name);
        Assert.Equal([MobileNetwork.Airtel], provider.Capabilities.Networks);
        Assert.Equal(["KES"], provider.Capabilities.Currencies);
        Assert.Equal([InstrumentKind.MobileMoney], provider.Capabilities.InstrumentKinds);
        Assert.Same(provider, sp.GetRequiredService<AirtelMoneyPaymentProvider>());
        var handler = Assert.IsType<AirtelMoneyCallbackHandler>(Assert.Single(sp.GetServices<IPaymentCallbackHandler>()));
        Assert.Equal("airtel", handler.Provider);
        Assert.Equal(TimeSpan.FromSeconds(12), sp.GetRequiredService<IOptions<AirtelMoneyOptions>>().Value.RequestTimeout);
    }

    [Fact]
    public void AddAirtelMoney_CalledWithAnotherName_UsesThatName()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(_ => { }).AddAirtelMoney(o => { o.Name = "airtel-ke"; o.ClientId = "c"; o.ClientSecret = "s"; });
        using var sp = services.BuildServiceProvider();
        Assert.Equal("airtel-ke", Assert.Single(sp.GetServices<IPaymentProvider>()).Name);
        Assert.Equal("airtel-ke", Assert.Single(sp.GetServices<IPaymentCallbackHandler>()).Provider);
    }

    [Fact]
    public void AddAirtelMoney_MissingClientSecret_FailsValidationNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(_ => { }).AddAirtelMoney(o => o.ClientId = "client");
        using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<AirtelMoneyOptions>>().Value);
        Assert.Contains("AirtelMoneyOptions.ClientSecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_BadOptions_NamesEveryBadOption()
    {
        var options = new AirtelMoneyOptions
        {
            Name = " ",
            BaseAddress = new Uri("ftp://airtel.example/"),
            ClientId = "",
            ClientSecret = "",
            Country = "Kenya",
            Currency = "kes",
            DefaultAccountReference = "",
            RequestTimeout = TimeSpan.Zero,
            TokenRefreshBefore = TimeSpan.FromSeconds(-1),
            NotFoundSettleTime = TimeSpan.FromSeconds(-1),
        };
        var result = new AirtelMoneyOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        foreach (var name in new[] { "Name", "BaseAddress", "ClientId", "ClientSecret", "Country", "Currency", "DefaultAccountReference", "RequestTimeout", "TokenRefreshBefore", "NotFoundSettleTime" })
        {
            Assert.Contains($"AirtelMoneyOptions.{name}", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NotFoundSettleTime_DefaultsToAirtelsThreeMinutesAndIsBounded()
    {
        Assert.Equal(TimeSpan.FromMinutes(3), new AirtelMoneyOptions().NotFoundSettleTime);
        var tooLong = new AirtelMoneyOptions { ClientId = "c", ClientSecret = "s", NotFoundSettleTime = TimeSpan.FromDays(2) };
        var result = new AirtelMoneyOptionsValidator().Validate(null, tooLong);
        Assert.True(result.Failed);
        Assert.Contains("AirtelMoneyOptions.NotFoundSettleTime", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Capabilities_DeduplicateByReference()
    {
        using var provider = new AirtelMoneyPaymentProvider(new System.Net.Http.HttpClient(), Options.Create(new AirtelMoneyOptions { ClientId = "c", ClientSecret = "s" }));
        Assert.True(provider.Capabilities.DeduplicatesByReference); // Airtel refuses a re-sent transaction.id (ESB000041)
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new AirtelMoneyPaymentProvider(new System.Net.Http.HttpClient(), Options.Create(new AirtelMoneyOptions())));
        Assert.Contains("ClientId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreAirtelKenyaUat()
    {
        var options = new AirtelMoneyOptions { ClientId = "c", ClientSecret = "s" };
        Assert.True(new AirtelMoneyOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("airtel", options.Name);
        Assert.Equal(AirtelMoneyOptions.Sandbox, options.BaseAddress);
        Assert.Equal("KE", options.Country);
        Assert.Equal("KES", options.Currency);
    }
}
