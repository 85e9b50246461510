using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Resilience.Payments.Docs.Tests.Markdown;

namespace Resilience.Payments.Docs.Tests;

/// <summary>The configuration a reader copies from "In your ASP.NET Core app" starts the gateway (names, required options).</summary>
public sealed class ReadmeConfigurationTests
{
    [Fact]
    public async Task AspNetCoreAppConfiguration_StartsTheGatewayWithMpesa()
    {
        var readme = DocsCatalog.Read("README.md");
        var headingLine = readme.ReplaceLineEndings("\n").Split('\n').ToList().FindIndex(l => l == "### In your ASP.NET Core app") + 1;
        Assert.True(headingLine > 0, "README.md has no \"### In your ASP.NET Core app\" section.");
        var json = FenceParser.Parse(readme).Blocks.First(b => b.Line > headingLine && b.Language == "json");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json.Content)));
        builder.Logging.ClearProviders();
        builder.Services
            .AddPaymentGateway(builder.Configuration.GetSection("Payments"))
            .AddMpesaDaraja(builder.Configuration.GetSection("Payments:Mpesa"));
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);   // validates every option, and FailoverOrder's names
        try
        {
            var gateway = host.Services.GetRequiredService<IPaymentGateway>();
            Assert.Contains(gateway.GetProviderHealth(), p => p.Provider == "mpesa");
        }
        finally
        {
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }
}
