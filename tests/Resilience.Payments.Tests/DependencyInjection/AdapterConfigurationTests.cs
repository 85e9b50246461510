using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Payments.AirtelMoney;
using Resilience.Payments.Mpesa;
using Resilience.Payments.Paystack;
using Resilience.Payments.Pesapal;

namespace Resilience.Payments.Tests.DependencyInjection;

public class AdapterConfigurationTests
{
    public static TheoryData<string> Adapters => new() { "mpesa", "airtel", "paystack", "pesapal" };

    [Theory]
    [MemberData(nameof(Adapters))]
    public void AddAdapter_SectionWithAKeyTheOptionsDoNotHave_FailsNamingTheKey(string adapter)
    {
        // "Timeout" was Daraja's and Airtel's name before RequestTimeout: an old configuration must not be silently ignored.
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:Timeout"] = "00:00:10",
        }).Build().GetSection("Provider");
        using var services = Register(adapter, section).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => Options(adapter, services));

        Assert.Contains("Timeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public void AddAdapter_SectionWithKnownKeysOnly_BindsThem(string adapter)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:RequestTimeout"] = "00:00:10",
        }).Build().GetSection("Provider");
        using var services = Register(adapter, section).BuildServiceProvider();

        // Validation may still refuse the incomplete options; binding itself must not.
        var error = Record.Exception(() => Options(adapter, services));

        Assert.True(error is null or OptionsValidationException, error?.ToString());
    }

    private static ServiceCollection Register(string adapter, IConfiguration section)
    {
        var services = new ServiceCollection();
        var gateway = services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false);
        _ = adapter switch
        {
            "mpesa" => gateway.AddMpesaDaraja(section),
            "airtel" => gateway.AddAirtelMoney(section),
            "paystack" => gateway.AddPaystack(section),
            _ => gateway.AddPesapal(section),
        };
        return services;
    }

    private static object Options(string adapter, IServiceProvider services) => adapter switch
    {
        "mpesa" => services.GetRequiredService<IOptions<DarajaOptions>>().Value,
        "airtel" => services.GetRequiredService<IOptions<AirtelMoneyOptions>>().Value,
        "paystack" => services.GetRequiredService<IOptions<PaystackOptions>>().Value,
        _ => services.GetRequiredService<IOptions<PesapalOptions>>().Value,
    };
}
