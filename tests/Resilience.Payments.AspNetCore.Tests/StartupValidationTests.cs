using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Resilience.Payments.Callbacks;

namespace Resilience.Payments.AspNetCore.Tests;

/// <summary>
/// Invalid options surface when the host starts, all at once, through options validation: mapping the callback endpoints
/// resolves nothing that depends on them (neither the gateway nor the handlers and their adapters).
/// </summary>
public class StartupValidationTests
{
    [Fact]
    public async Task StartAsync_UnknownFailoverNameAndInvalidAdapterOption_OneExceptionNamingBoth()
    {
        await using var app = Build(
            gateway: o => o.FailoverOrder.Add("mpesa-daraja"),
            daraja: o => o.ConsumerKey = "");
        app.MapPaymentCallbacks(); // resolves neither the gateway nor the Daraja handler

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        var failures = (ex is AggregateException aggregate ? aggregate.InnerExceptions : [ex]).Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Contains("FailoverOrder[0]: no provider named 'mpesa-daraja' is registered; registered: mpesa.", failures);
        Assert.Contains(failures, f => f.Contains("ConsumerKey", StringComparison.Ordinal));
        Assert.Contains("mpesa-daraja", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConsumerKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TwoInvalidGatewayOptions_OneOptionsValidationExceptionListingBoth()
    {
        await using var app = Build(gateway: o =>
        {
            o.FailoverOrder.Add("paystack");
            o.Queue.BatchSize = 0;
        });
        app.MapPaymentCallbacks();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(typeof(PaymentGatewayOptions), ex.OptionsType);
        Assert.Equal(
            ["FailoverOrder[0]: no provider named 'paystack' is registered; registered: mpesa.", "Queue:BatchSize: must be at least 1."],
            ex.Failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StartAsync_ValidOptions_OneEndpointPerHandlerUnderThePrefix()
    {
        await using var app = Build();
        var group = app.MapPaymentCallbacks();
        Assert.NotNull(group);

        await app.StartAsync();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var callback = Assert.Single(endpoints, e => e.DisplayName == "Payment callback: mpesa");
        Assert.Equal("/payments/callbacks/mpesa", "/" + callback.RoutePattern.RawText!.TrimStart('/'));
        await app.StopAsync();
    }

    [Fact]
    public async Task StartAsync_TwoHandlersForOneProvider_FailsTheStartNotTheMapping()
    {
        await using var app = Build(services: s => s.AddSingleton<IPaymentCallbackHandler>(new NamedHandler("mpesa")));
        app.MapPaymentCallbacks();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("Two callback handlers are registered for provider 'mpesa'", ex.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(
        Action<PaymentGatewayOptions>? gateway = null,
        Action<Mpesa.DarajaOptions>? daraja = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddPaymentGateway(o =>
            {
                o.InstanceName = "startup";
                gateway?.Invoke(o);
            })
            .AddMpesaDaraja(o =>
            {
                o.BaseAddress = new Uri("http://127.0.0.1:9/");
                o.ConsumerKey = "key";
                o.ConsumerSecret = "secret";
                o.BusinessShortCode = "174379";
                o.Passkey = "passkey";
                o.CallbackUrl = new Uri("https://county.example/payments/callbacks/mpesa");
                o.CallbackSigningKeys.Add("startup-validation-signing-key-0123456789");
                daraja?.Invoke(o);
            })
            .AddPaymentCallbacks();
        services?.Invoke(builder.Services);
        TestApp.RemoveWorkers(builder.Services);
        return builder.Build();
    }

    private sealed class NamedHandler(string provider) : IPaymentCallbackHandler
    {
        public string Provider { get; } = provider;

        public Task<PaymentCallbackResult> HandleAsync(PaymentCallback callback, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
