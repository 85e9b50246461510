using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;
using Resilience.Payments.Pesapal.Internal;

namespace Resilience.Payments.Pesapal.Tests;

public class OptionsAndDependencyInjectionTests
{
    [Fact]
    public void AddPesapal_FromConfiguration_RegistersOneProviderAndTheIpnHandler()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pesapal:ConsumerKey"] = "key",
            ["Pesapal:ConsumerSecret"] = "secret",
            ["Pesapal:BaseAddress"] = "https://cybqa.pesapal.com/pesapalv3/",
            ["Pesapal:IpnUrl"] = "https://county.example/ipn",
            ["Pesapal:IpnMethod"] = "Get",
            ["Pesapal:CallbackUrl"] = "https://county.example/paid",
            ["Pesapal:Currencies:0"] = "KES",
            ["Pesapal:Currencies:1"] = "UGX",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPaymentGateway(_ => { }).AddPesapal(configuration.GetSection("Pesapal"));
        using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<PesapalPaymentProvider>(Assert.Single(sp.GetServices<IPaymentProvider>()));
        Assert.Same(provider, sp.GetRequiredService<PesapalPaymentProvider>());
        Assert.Equal("pesapal", provider.Name);
        Assert.Equal(["KES", "UGX"], provider.Capabilities.Currencies);
        Assert.Equal([InstrumentKind.BankCheckout, InstrumentKind.MobileMoney], provider.Capabilities.InstrumentKinds);
        Assert.Contains(MobileNetwork.Safaricom, provider.Capabilities.Networks);
        Assert.Equal(PesapalIpnMethod.Get, sp.GetRequiredService<IOptions<PesapalOptions>>().Value.IpnMethod);
        var handler = Assert.IsType<PesapalCallbackHandler>(Assert.Single(sp.GetServices<IPaymentCallbackHandler>()));
        Assert.Equal("pesapal", handler.Provider);
    }

    [Fact]
    public void AddPesapal_MissingSecret_FailsValidationNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(_ => { }).AddPesapal(o =>
        {
            o.ConsumerKey = "key";
            o.IpnUrl = new Uri("https://county.example/ipn");
            o.CallbackUrl = new Uri("https://county.example/paid");
        });
        using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PesapalOptions>>().Value);
        Assert.Contains("PesapalOptions.ConsumerSecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_NamesEveryBadOption()
    {
        var options = new PesapalOptions
        {
            Name = " ",
            BaseAddress = new Uri("/relative", UriKind.Relative),
            ConsumerKey = null,
            ConsumerSecret = "",
            IpnUrl = null,
            NotificationId = null,
            IpnMethod = (PesapalIpnMethod)7,
            CallbackUrl = null,
            RequestTimeout = TimeSpan.Zero,
            TokenRefreshBefore = TimeSpan.FromMinutes(10),
        };
        options.Currencies.Add("XXQ");
        var result = new PesapalOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        foreach (var name in new[] { "Name", "BaseAddress", "ConsumerKey", "ConsumerSecret", "IpnUrl", "NotificationId", "IpnMethod", "CallbackUrl", "Currencies", "RequestTimeout", "TokenRefreshBefore" })
        {
            Assert.Contains($"PesapalOptions.{name}", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validator_IpnUrlNotHttp_IsNamed()
    {
        var options = PesapalTestKit.Options(new Uri("http://localhost/"));
        options.IpnUrl = new Uri("ftp://county.example/ipn");
        var result = new PesapalOptionsValidator().Validate(null, options);
        Assert.Contains("PesapalOptions.IpnUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreKesAndPesapalSandbox()
    {
        var options = new PesapalOptions { ConsumerKey = "k", ConsumerSecret = "s", NotificationId = "ipn", CallbackUrl = new Uri("https://a.example/") };
        Assert.True(new PesapalOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(PesapalOptions.Sandbox, options.BaseAddress);
        Assert.Equal(new Uri("https://cybqa.pesapal.com/pesapalv3/"), options.BaseAddress);
        Assert.Equal(["KES"], options.EffectiveCurrencies);
        Assert.Equal(PesapalIpnMethod.Post, options.IpnMethod);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => new PesapalPaymentProvider(new System.Net.Http.HttpClient(), Microsoft.Extensions.Options.Options.Create(new PesapalOptions())));
    }
}
