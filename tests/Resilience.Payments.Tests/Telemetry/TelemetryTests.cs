using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Telemetry;

public class TelemetryTests
{
    private const string Phone = "254712345678";
    private const string CardToken = "AUTH_secret_token_8f3k2";

    [Fact]
    public async Task PayAsync_WithFailoverAndDecline_LogsNeitherFullPhoneNumbersNorCardTokens()
    {
        var logs = new CapturingLoggerProvider();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 24, 6, 0, 0, TimeSpan.Zero));
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time).Enqueue(FakeBehavior.NotProcessed(), FakeBehavior.Throw());
        var paystack = new FakePaymentProvider("paystack", timeProvider: time).Enqueue(FakeBehavior.Decline("insufficient_funds"), FakeBehavior.Succeed());
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var gateway = new PaymentGateway([mpesa, paystack], new InMemoryPaymentStore(), Options.Create(new PaymentGatewayOptions()), time, factory);

        await gateway.PayAsync(Request("k-1"));
        await gateway.PayAsync(Request("k-2"));

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Phone, StringComparison.Ordinal) || l.Contains("0712345678", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(CardToken, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("2547****5678", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PayAsync_RecordsAttemptsFailoversAndStatusChangesOnTheMeter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var attempts = new MetricCollector<long>(meterFactory, "Resilience.Payments", "resilience.payments.attempts");
        using var failovers = new MetricCollector<long>(meterFactory, "Resilience.Payments", "resilience.payments.failovers");
        using var statuses = new MetricCollector<long>(meterFactory, "Resilience.Payments", "resilience.payments.status_changes");
        var time = new FakeTimeProvider();
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time).Enqueue(FakeBehavior.NotProcessed());
        var paystack = new FakePaymentProvider("paystack", timeProvider: time);
        using var gateway = new PaymentGateway([mpesa, paystack], new InMemoryPaymentStore(), Options.Create(new PaymentGatewayOptions()), time, meterFactory: meterFactory);

        await gateway.PayAsync(Request("m-1"));

        var byOutcome = attempts.GetMeasurementSnapshot().Select(m => $"{m.Tags["provider"]}:{m.Tags["outcome"]}").ToList();
        Assert.Equal(["mpesa:NotProcessed", "paystack:Succeeded"], byOutcome);
        Assert.Equal("mpesa", Assert.Single(failovers.GetMeasurementSnapshot()).Tags["from"]);
        Assert.Contains(statuses.GetMeasurementSnapshot(), m => (string?)m.Tags["status"] == "Succeeded" && (string?)m.Tags["provider"] == "paystack");
    }

    [Fact]
    public async Task CircuitStateGauge_AfterFailures_ReportsOpenForTheProvider()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var circuit = new MetricCollector<int>(meterFactory, "Resilience.Payments", "resilience.payments.circuit.state");
        var time = new FakeTimeProvider();
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time).Otherwise(FakeBehavior.NotProcessed());
        var options = new PaymentGatewayOptions();
        options.DefaultProvider.MinimumThroughput = 2;
        using var gateway = new PaymentGateway([mpesa], new InMemoryPaymentStore(), Options.Create(options), time, meterFactory: meterFactory);

        for (var i = 0; i < 3; i++)
        {
            await gateway.PayAsync(Request($"c-{i}"));
        }

        circuit.RecordObservableInstruments();
        var last = circuit.LastMeasurement!;
        Assert.Equal((int)ProviderCircuitState.Open, last.Value);
        Assert.Equal("mpesa", last.Tags["provider"]);
    }

    private static PaymentRequest Request(string key) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(100),
        Instruments = [PaymentInstrument.MobileMoney("0712 345 678"), PaymentInstrument.Card(CardToken)],
    };
}
