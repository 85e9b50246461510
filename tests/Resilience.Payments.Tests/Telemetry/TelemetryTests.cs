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
    public async Task PayAsync_ProviderTextWithPhoneCardAndLineBreaks_ReachesTheLogScrubbed()
    {
        var logs = new CapturingLoggerProvider();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 24, 6, 0, 0, TimeSpan.Zero));
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time)
            .Enqueue(FakeBehavior.NotProcessed("Bad Request - Invalid PhoneNumber 254722000111\r\nINFO Payment k-1 is Succeeded", "400.002.02\n"));
        var paystack = new FakePaymentProvider("paystack", timeProvider: time)
            .Enqueue(FakeBehavior.Decline("card\u2028declined", "Card 4111 1111 1111 1111 declined for +254 733 123 456\u202E"));
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var gateway = new PaymentGateway([mpesa, paystack], new InMemoryPaymentStore(), Options.Create(new PaymentGatewayOptions()), time, factory);

        await gateway.PayAsync(Request("k-1"));

        Assert.Contains(logs.Lines, l => l.Contains("Invalid PhoneNumber 2547****11  INFO Payment k-1", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Card ************1111 declined for +2547****56", StringComparison.Ordinal));
        AssertNoneHolds(logs.Lines, "254722000111", "722000111", "4111 1111 1111 1111", "733 123 456", "\r", "\n", "\u2028", "\u202E");
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_UnmatchedReferencesWithPhoneAndLineBreaks_ReachTheLogScrubbed()
    {
        var logs = new CapturingLoggerProvider();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 24, 6, 0, 0, TimeSpan.Zero));
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var gateway = new PaymentGateway([new FakePaymentProvider("mpesa", timeProvider: time)], new InMemoryPaymentStore(), Options.Create(new PaymentGatewayOptions()), time, factory);

        var result = await gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = "x-1\r\nWARN forged 254722000111",
            ProviderReference = "ws_CO\n0722000111",
            Outcome = ProviderOutcome.Succeeded("RCPT1"),
        });

        Assert.Equal(ProviderUpdateDisposition.UnknownReference, result.Disposition);
        Assert.Contains(logs.Lines, l => l.Contains("attempt x-1  WARN forged 2547****11, provider reference ws_CO 0722****11", StringComparison.Ordinal));
        AssertNoneHolds(logs.Lines, "254722000111", "0722000111", "\r", "\n");
    }

    private static void AssertNoneHolds(IEnumerable<string> lines, params string[] forbidden)
    {
        foreach (var line in lines)
        {
            foreach (var text in forbidden)
            {
                Assert.False(line.Contains(text, StringComparison.Ordinal), $"'{text}' reached the log: {line}");
            }
        }
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
    public async Task RefundAsync_RecordsRefundStatusChangesAndPossibleDuplicatesOnTheMeter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var refunds = new MetricCollector<long>(meterFactory, "Resilience.Payments", "resilience.payments.refund_status_changes");
        using var duplicates = new MetricCollector<long>(meterFactory, "Resilience.Payments", "resilience.payments.possible_duplicates");
        var time = new FakeTimeProvider();
        var mpesa = new FakePaymentProvider("mpesa", timeProvider: time).EnqueueRefunds(FakeBehavior.Accept());
        using var gateway = new PaymentGateway([mpesa], new InMemoryPaymentStore(), Options.Create(new PaymentGatewayOptions()), time, meterFactory: meterFactory);

        await gateway.PayAsync(new PaymentRequest { IdempotencyKey = "m-1", Amount = Money.Kes(100), Instruments = [PaymentInstrument.MobileMoney("0712 345 678")], AccountReference = "KCA 1" });
        await gateway.PayAsync(new PaymentRequest { IdempotencyKey = "m-2", Amount = Money.Kes(100), Instruments = [PaymentInstrument.MobileMoney("0712 345 678")], AccountReference = "KCA 1" });
        await gateway.RefundAsync(new RefundRequest { RefundKey = "r-1", PaymentKey = "m-1" });

        var byStatus = refunds.GetMeasurementSnapshot().Select(m => $"{m.Tags["provider"]}:{m.Tags["status"]}").ToList();
        Assert.Equal(["mpesa:Processing", "mpesa:Pending"], byStatus);
        Assert.Single(duplicates.GetMeasurementSnapshot());
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
