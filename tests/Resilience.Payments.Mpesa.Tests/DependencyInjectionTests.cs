using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Resilience.Payments.Mpesa.Internal;

namespace Resilience.Payments.Mpesa.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddMpesaDaraja_FromConfiguration_RegistersOneSharedProvider()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mpesa:BaseAddress"] = "http://127.0.0.1:9/",
            ["Mpesa:ConsumerKey"] = "key",
            ["Mpesa:ConsumerSecret"] = "secret",
            ["Mpesa:BusinessShortCode"] = "174379",
            ["Mpesa:Passkey"] = DarajaTestKit.SandboxPasskey,
            ["Mpesa:TransactionType"] = "CustomerBuyGoodsOnline",
            ["Mpesa:PartyB"] = "600000",
            ["Mpesa:CallbackUrl"] = "https://example.org/mpesa/callback",
            ["Mpesa:CallbackSigningKeys:0"] = DarajaTestKit.SigningKey,
            ["Mpesa:NotFoundSettleTime"] = "00:05:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false).AddMpesaDaraja(configuration.GetSection("Mpesa"));
        using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<DarajaPaymentProvider>(Assert.Single(sp.GetServices<IPaymentProvider>()));
        Assert.Same(provider, sp.GetRequiredService<DarajaPaymentProvider>());
        Assert.Equal("mpesa", provider.Name);
        var options = sp.GetRequiredService<IOptions<DarajaOptions>>().Value;
        Assert.Equal(DarajaTransactionType.CustomerBuyGoodsOnline, options.TransactionType);
        Assert.Equal([DarajaTestKit.SigningKey], options.CallbackSigningKeys);
        Assert.Equal(TimeSpan.FromMinutes(5), options.NotFoundSettleTime);
        Assert.NotNull(sp.GetRequiredService<DarajaCallbackParser>());
        Assert.NotNull(sp.GetRequiredService<IPaymentGateway>());
    }

    [Fact]
    public void InvalidOptions_FailWithMessagesNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddPaymentGateway(o => o.EnableBackgroundWorkers = false).AddMpesaDaraja(o => o.BusinessShortCode = "17a");
        using var sp = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DarajaOptions>>().Value);
        var message = string.Join('\n', error.Failures);
        foreach (var option in new[] { "ConsumerKey", "ConsumerSecret", "BusinessShortCode", "Passkey", "CallbackUrl", "CallbackSigningKeys" })
        {
            Assert.Contains(option, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validator_AcceptsACompleteConfiguration() =>
        Assert.True(new DarajaOptionsValidator().Validate(null, DarajaTestKit.Options(DarajaOptions.Sandbox)).Succeeded);

    [Fact]
    public void Validator_AttemptInTheUrlWithoutSigningKeys_FailsNamingTheOption()
    {
        var options = DarajaTestKit.Options(DarajaOptions.Sandbox);
        options.CallbackSigningKeys.Clear();

        var result = new DarajaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("CallbackSigningKeys", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("CallbackUrlIncludesAttempt", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_NoAttemptInTheUrl_NeedsNoSigningKeys()
    {
        var options = DarajaTestKit.Options(DarajaOptions.Sandbox, o => o.CallbackUrlIncludesAttempt = false);
        options.CallbackSigningKeys.Clear();

        Assert.True(new DarajaOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("                                        ")]
    public void Validator_WeakSigningKey_Fails(string key)
    {
        var options = DarajaTestKit.Options(DarajaOptions.Sandbox, o => o.CallbackSigningKeys.Add(key));

        var result = new DarajaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("CallbackSigningKeys", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_NonPositiveNotFoundSettleTime_Fails()
    {
        var result = new DarajaOptionsValidator().Validate(null, DarajaTestKit.Options(DarajaOptions.Sandbox, o => o.NotFoundSettleTime = TimeSpan.Zero));

        Assert.True(result.Failed);
        Assert.Contains("NotFoundSettleTime", result.FailureMessage, StringComparison.Ordinal);
    }
}
