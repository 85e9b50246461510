using CsCheck;
using Resilience.Payments.Testing;
using Resilience.Payments.Tests.Gateway;

namespace Resilience.Payments.Tests.Operations;

public class SettlementReportTests
{
    private static readonly TimeSpan Kenya = TimeSpan.FromHours(3);
    private static readonly DateOnly Day = new(2026, 7, 24);

    [Fact]
    public async Task GetSettlementReportAsync_OneDay_SumsPerProviderAndWritesCsv()
    {
        using var h = new GatewayHarness(o => o.DefaultProvider.MinimumThroughput = 1000);
        await h.Gateway.PayAsync(GatewayHarness.Request("paid-1", amount: 200m));
        await h.Gateway.PayAsync(GatewayHarness.Request("paid-2", amount: 350.5m));
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request("pending", amount: 100m));
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed());
        await h.Gateway.PayAsync(GatewayHarness.Request("failover", amount: 75m));
        await h.Gateway.RefundAsync(new RefundRequest { PaymentKey = "paid-1", RefundKey = "r-1", Amount = Money.Kes(50m), Reason = "overcharge" });
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.Gateway.PayAsync(GatewayHarness.Request("next-day", amount: 999m));

        var report = await h.Gateway.Operations.GetSettlementReportAsync(Day, Kenya);

        Assert.Equal(new DateTimeOffset(2026, 7, 24, 0, 0, 0, Kenya), report.From);
        Assert.Equal(
            "date,provider,currency,payments,succeeded,charged,extra_charges,extra_charged,refunds,refunded,unresolved,outstanding,not_charged\r\n"
            + "2026-07-24,mpesa,KES,3,2,550.50,0,0.00,1,50.00,1,100.00,0\r\n"
            + "2026-07-24,paystack,KES,1,1,75.00,0,0.00,0,0.00,0,0.00,0\r\n",
            report.ToCsv());
    }

    [Theory]
    [InlineData(15)]
    [InlineData(-15)]
    public async Task GetSettlementReportAsync_OffsetOutOfRange_ThrowsNamingTheOffset(int hours)
    {
        using var ops = new PaymentOperations(new InMemoryPaymentStore());

        var error = await Assert.ThrowsAsync<PaymentValidationException>(() => ops.GetSettlementReportAsync(Day, TimeSpan.FromHours(hours)));

        Assert.Equal("utcOffset", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void ToCsv_ProviderWithCommaAndQuote_QuotesPerRfc4180()
    {
        var report = new SettlementReport
        {
            Date = Day,
            UtcOffset = Kenya,
            From = default,
            Before = default,
            GeneratedAt = default,
            Lines = [new SettlementLine { Provider = "bank, \"east\"", Currency = "UGX", Payments = 1, Succeeded = 1, Charged = 1500m }],
        };

        Assert.EndsWith("\r\n2026-07-24,\"bank, \"\"east\"\"\",UGX,1,1,1500,0,0,0,0,0,0,0\r\n", report.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void GetSettlementReportAsync_AnyPayments_TotalsEqualTheSumsOverTheDaysPayments()
    {
        var statuses = Enum.GetValues<PaymentStatus>();
        var genPayment = Gen.Select(Gen.Int[0, statuses.Length - 1], Gen.Int[1, 1_000_000], Gen.Int[0, 2], Gen.Int[-30, 30], Gen.Int[0, 100])
            .Select((status, cents, provider, hour, refundPercent) => (Status: statuses[status], Cents: cents, Provider: provider, Hour: hour, RefundPercent: refundPercent));
        genPayment.Array[0, 30].Sample(
            payments =>
            {
                var store = new InMemoryPaymentStore();
                var start = new DateTimeOffset(2026, 7, 24, 0, 0, 0, Kenya);
                var records = payments.Select((p, i) => Record(i, p.Status, p.Cents, p.Provider, start.AddHours(p.Hour), p.RefundPercent)).ToList();
                foreach (var record in records)
                {
                    store.TryCreateAsync(record, default).AsTask().GetAwaiter().GetResult();
                }

                using var ops = new PaymentOperations(store);
                var report = ops.GetSettlementReportAsync(Day, Kenya).GetAwaiter().GetResult();

                var day = records.Where(r => r.CreatedAt >= start && r.CreatedAt < start.AddDays(1)).ToList();
                Assert.Equal(day.Count, report.Lines.Sum(l => l.Payments));
                Assert.Equal(day.Where(r => r.Status == PaymentStatus.Succeeded).Sum(r => r.Request.Amount.Amount), report.Lines.Sum(l => l.Charged));
                Assert.Equal(day.Where(r => r.Status is PaymentStatus.Pending or PaymentStatus.Processing or PaymentStatus.ActionRequired).Sum(r => r.Request.Amount.Amount), report.Lines.Sum(l => l.Outstanding));
                Assert.Equal(day.SelectMany(r => r.Refunds).Where(f => f.Status == RefundStatus.Succeeded).Sum(f => f.Amount.Amount), report.Lines.Sum(l => l.Refunded));
                Assert.Equal(day.Count, report.Lines.Sum(l => l.Succeeded + l.Unresolved + l.NotCharged));
                Assert.Equal(report.Lines.Count + 1, report.ToCsv().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
            },
            iter: 100,
            seed: "0N0XIzNsQ0O2",
            threads: 1);
    }

    private static PaymentRecord Record(int i, PaymentStatus status, int cents, int provider, DateTimeOffset createdAt, int refundPercent)
    {
        var amount = new Money(cents / 100m, "KES");
        var name = new[] { "mpesa", "paystack", "airtel" }[provider];
        var instrument = PaymentInstrument.MobileMoney("0712345678");
        PaymentAttempt[] attempts = status is PaymentStatus.Queued
            ? []
            : [new PaymentAttempt
            {
                Number = 1,
                Reference = "ref-" + i,
                Provider = name,
                Instrument = instrument,
                StartedAt = createdAt,
                Outcome = status switch
                {
                    PaymentStatus.Succeeded => OutcomeKind.Succeeded,
                    PaymentStatus.Declined => OutcomeKind.Declined,
                    PaymentStatus.Failed or PaymentStatus.Expired or PaymentStatus.Cancelled => OutcomeKind.NotProcessed,
                    _ => OutcomeKind.Pending,
                },
            }];
        var refund = (refundPercent * cents) / 100;
        return new PaymentRecord
        {
            Key = "p-" + i,
            Request = new PaymentRequest { IdempotencyKey = "p-" + i, Amount = amount, Instruments = [instrument] },
            Status = status,
            Attempts = attempts,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
            Refunds = status == PaymentStatus.Succeeded && refund > 0
                ? [new PaymentRefund
                {
                    Key = "r-" + i,
                    Reference = "rr-" + i,
                    AttemptNumber = 1,
                    Provider = name,
                    Amount = new Money(refund / 100m, "KES"),
                    Status = refundPercent % 2 == 0 ? RefundStatus.Succeeded : RefundStatus.Pending,
                    CreatedAt = createdAt,
                    UpdatedAt = createdAt,
                }]
                : [],
        };
    }
}
