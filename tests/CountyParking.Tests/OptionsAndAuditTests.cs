using System.Collections.Generic;
using CountyParking.Reporting;
using CountyParking.Simulation;
using Resilience.Payments;

namespace CountyParking.Tests;

public sealed class OptionsAndAuditTests
{
    [Fact]
    public void Options_AreParsed()
    {
        var options = ParkingOptions.Parse(["--scenario", "s.json", "--json", "r.json", "--store", "x.db", "--payments", "50", "--seed", "3"]);
        Assert.Equal(new ParkingOptions { ScenarioFile = "s.json", JsonFile = "r.json", StoreFile = "x.db", Payments = 50, Seed = 3 }, options);
        Assert.Equal("Host=h", ParkingOptions.Parse(["--postgres", "Host=h"]).PostgresConnectionString);
        Assert.True(ParkingOptions.Parse(["--help"]).Help);
        Assert.True(ParkingOptions.Parse(["--console"]).Console);
        Assert.False(ParkingOptions.Parse([]).Console);
    }

    [Theory]
    [InlineData("--colour", "Unknown option '--colour'")]
    [InlineData("--payments", "--payments needs a value")]
    [InlineData("--payments x", "--payments: 'x' is not a whole number")]
    [InlineData("--payments 0", "--payments: 0 is out of range")]
    [InlineData("--store a.db --postgres Host=h", "--store and --postgres exclude each other")]
    public void BadOptions_AreNamed(string args, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ParkingOptions.Parse(args.Split(' ')));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryOption()
    {
        using var output = new StringWriter();
        Assert.Equal(0, await ParkingRun.MainAsync(["--help"], output, TextWriter.Null));
        foreach (var option in new[] { "--scenario FILE", "--json FILE", "--store FILE", "--postgres CONNECTION_STRING", "--payments N", "--seed N" })
        {
            Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MalformedScenarioFile_ExitsTwoWithTheFieldNamed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"payments":10,"faults":[{"provider":"mpesa","from":0,"to":1,"kind":"meltdown"}]}""");
        try
        {
            using var error = new StringWriter();
            Assert.Equal(2, await ParkingRun.MainAsync(["--scenario", file], TextWriter.Null, error));
            Assert.Contains("$.faults[0].kind: unknown kind 'meltdown'", error.ToString(), StringComparison.Ordinal);
            Assert.Contains(file, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static PaymentRecord Record(string key, PaymentStatus status, params PaymentAttempt[] attempts) => new()
    {
        Key = key,
        Fingerprint = "f",
        Request = new PaymentRequest { IdempotencyKey = key, Amount = Money.Kes(100), Instruments = [PaymentInstrument.MobileMoney("0712345678")], AccountReference = "KAA 001A" },
        Status = status,
        Attempts = attempts,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static PaymentAttempt Attempt(string key, int n, string provider, OutcomeKind outcome, string? providerReference = null, string? receipt = null) => new()
    {
        Number = n,
        Reference = $"{key}-{n}",
        Provider = provider,
        Instrument = PaymentInstrument.MobileMoney("0712345678"),
        StartedAt = DateTimeOffset.UnixEpoch,
        Outcome = outcome,
        ProviderReference = providerReference,
        Receipt = receipt,
    };

    [Fact]
    public void Audit_CountsDoubleChargesLostChargesAndUnresolved()
    {
        PaymentRecord[] records =
        [
            Record("a", PaymentStatus.Succeeded, Attempt("a", 1, "mpesa", OutcomeKind.Succeeded, "ws_1")),
            Record("b", PaymentStatus.Succeeded, Attempt("b", 1, "mpesa", OutcomeKind.NotProcessed), Attempt("b", 2, "paystack", OutcomeKind.Succeeded)),
            Record("c", PaymentStatus.Succeeded, Attempt("c", 1, "mpesa", OutcomeKind.Succeeded, "ws_3", "R3")),
            Record("d", PaymentStatus.Pending, Attempt("d", 1, "mpesa", OutcomeKind.Unknown)),
            Record("e", PaymentStatus.Succeeded, Attempt("e", 1, "airtel", OutcomeKind.Succeeded)),
        ];
        LedgerCharge[] charges =
        [
            new("mpesa", "ws_1", null, null, "KAA 001A", 100, "R1"),
            new("paystack", "b-2", "b-2", null, null, 100, "1"),
            new("mpesa", "ws_x", null, null, "KAA 001A", 100, "R3"), // found by receipt
            new("mpesa", "ws_9", null, null, "KAA 001A", 100, "R9"), // nobody's: lost
            new("airtel", "a-2", "a-2", "a", null, 100, "A2"),        // a second charge of a: double
        ];
        var audit = ReportBuilder.Audit(records, charges);
        Assert.Equal(5, audit.Charges);
        Assert.Equal(1, audit.DoubleCharged);
        Assert.Equal(2, audit.Lost); // ws_9, and e (succeeded, charged nowhere)
        Assert.Equal(1, audit.Unresolved);
        Assert.False(audit.Clean);
        Assert.Equal(1, ReportBuilder.Failovers(records[1]));
    }

    [Fact]
    public void Audit_OfAMatchingLedgerIsClean()
    {
        PaymentRecord[] records = [Record("a", PaymentStatus.Succeeded, Attempt("a", 1, "mpesa", OutcomeKind.Succeeded, "ws_1")), Record("b", PaymentStatus.Declined, Attempt("b", 1, "mpesa", OutcomeKind.Declined, "ws_2"))];
        var audit = ReportBuilder.Audit(records, [new LedgerCharge("mpesa", "ws_1", null, null, null, 100, "R1")]);
        Assert.True(audit.Clean);
    }

    [Fact]
    public void Audit_SucceededPaymentWithoutTicket_NotClean()
    {
        PaymentRecord[] records = [Record("a", PaymentStatus.Succeeded, Attempt("a", 1, "mpesa", OutcomeKind.Succeeded, "ws_1")), Record("b", PaymentStatus.Declined, Attempt("b", 1, "mpesa", OutcomeKind.Declined, "ws_2"))];
        LedgerCharge[] charges = [new LedgerCharge("mpesa", "ws_1", null, null, null, 100, "R1")];

        var missing = ReportBuilder.Audit(records, charges, [], ticketed: ["b"]);
        var ticketed = ReportBuilder.Audit(records, charges, [], ticketed: ["a"]);

        Assert.Equal(1, missing.TicketsMissing);
        Assert.False(missing.Clean);
        Assert.Equal(0, ticketed.TicketsMissing);
        Assert.True(ticketed.Clean);
    }

    private static PaymentRefund Refund(string key, string reference, RefundStatus status, decimal amount, string? providerReference = null, int attempt = 1, bool automatic = false) => new()
    {
        Key = key,
        Reference = reference,
        AttemptNumber = attempt,
        Provider = "paystack",
        Amount = Money.Kes(amount),
        Status = status,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        ProviderReference = providerReference,
        Automatic = automatic,
    };

    private static (PaymentRecord[] Records, LedgerCharge[] Charges) PaidByPaystack(params PaymentRefund[] refunds) =>
        ([Record("a", PaymentStatus.Succeeded, Attempt("a", 1, "paystack", OutcomeKind.Succeeded, "T1")) with { Refunds = refunds }],
         [new LedgerCharge("paystack", "T1", "a-1", null, null, 100, "R1")]);

    [Fact]
    public void Audit_RefundsMatchingTheLedger_AreClean()
    {
        var (records, charges) = PaidByPaystack(
            Refund("a:cancel", "ref1", RefundStatus.Succeeded, 40, "RF1"),
            Refund("a:late", "ref2", RefundStatus.Succeeded, 60)); // matched by payment and amount (no provider reference kept)
        var audit = ReportBuilder.Audit(records, charges, [new LedgerRefund("paystack", "T1", "RF1", 40), new LedgerRefund("paystack", "T1", "RF2", 60)]);
        Assert.True(audit.Clean, audit.ToString());
        Assert.Equal(2, audit.Refunds);
    }

    [Fact]
    public void Audit_ARefundMadeTwiceAtTheProvider_IsRefundedTwiceAndAMoneyMismatch()
    {
        var (records, charges) = PaidByPaystack(Refund("a:cancel", "ref1", RefundStatus.Succeeded, 60, "RF1"));
        var audit = ReportBuilder.Audit(records, charges, [new LedgerRefund("paystack", "T1", "RF1", 60), new LedgerRefund("paystack", "T1", "RF1", 60)]);
        Assert.Equal(2, audit.RefundedTwice); // one reference twice, and 120 refunded of a 100 charge
        Assert.Equal(1, audit.RefundsLost); // the second is money back the gateway does not know
        Assert.Equal(1, audit.MoneyMismatches); // charged 100 - refunded 120 is not the 40 the county kept
        Assert.False(audit.Clean);
    }

    [Fact]
    public void Audit_ASucceededRefundNoProviderMade_IsLost()
    {
        var (records, charges) = PaidByPaystack(Refund("a:cancel", "ref1", RefundStatus.Succeeded, 40, "RF1"));
        var audit = ReportBuilder.Audit(records, charges, []);
        Assert.Equal(1, audit.RefundsLost);
        Assert.Equal(1, audit.MoneyMismatches);
        Assert.False(audit.Clean);
    }

    [Fact]
    public void Audit_AProviderRefundTheGatewayHoldsAsFailed_IsLost()
    {
        var (records, charges) = PaidByPaystack(Refund("a:cancel", "ref1", RefundStatus.Failed, 40, "RF1"));
        var audit = ReportBuilder.Audit(records, charges, [new LedgerRefund("paystack", "T1", "RF1", 40)]);
        Assert.Equal(1, audit.RefundsLost);
        Assert.False(audit.Clean);
    }

    [Fact]
    public void Audit_AnOpenRefund_IsUnresolved()
    {
        var (records, charges) = PaidByPaystack(Refund("a:cancel", "ref1", RefundStatus.Pending, 40, "RF1"));
        var audit = ReportBuilder.Audit(records, charges, []);
        Assert.Equal(1, audit.RefundsUnresolved);
        Assert.False(audit.Clean);
    }

    [Fact]
    public void Audit_AnExtraChargeReversedOnce_IsClean_AndOneNotRecorded_IsADoubleCharge()
    {
        var record = Record("a", PaymentStatus.Succeeded, Attempt("a", 1, "airtel", OutcomeKind.Succeeded, "AT1"), Attempt("a", 2, "paystack", OutcomeKind.Succeeded, "T2")) with
        {
            ExtraCharges = [new ExtraCharge { AttemptNumber = 1, Provider = "airtel", Amount = Money.Kes(100), DetectedAt = DateTimeOffset.UnixEpoch }],
            Refunds = [Refund("a:reverse:1", "rev", RefundStatus.Succeeded, 100, "AR1", automatic: true) with { Provider = "airtel" }],
        };
        LedgerCharge[] charges = [new("airtel", "AT1", "a-1", null, null, 100, "X1"), new("paystack", "T2", "a-2", null, null, 100, "R2")];

        var reversed = ReportBuilder.Audit([record], charges, [new LedgerRefund("airtel", "AT1", "AR1", 100)]);
        Assert.True(reversed.Clean, reversed.ToString());

        var flagged = ReportBuilder.Audit([record with { Refunds = [] }], charges, []);
        Assert.True(flagged.Clean, flagged.ToString()); // recorded and flagged: the county knows it holds the money

        var unknown = ReportBuilder.Audit([record with { ExtraCharges = [], Refunds = [] }], charges, []);
        Assert.Equal(1, unknown.DoubleCharged);
        Assert.False(unknown.Clean);
    }

    [Fact]
    public void Report_CountsRefundsByStatusRefusalsAndExtraCharges()
    {
        var (records, charges) = PaidByPaystack(Refund("a:cancel", "ref1", RefundStatus.Succeeded, 40, "RF1"));
        var money = new MoneyBack([new LedgerRefund("paystack", "T1", "RF1", 40)], 3, new Dictionary<string, int> { ["ProviderCannotRefund (mpesa)"] = 2 }, 1);
        var report = ReportBuilder.Build(records, charges, new Dictionary<string, int>(), money: money);
        Assert.Equal(3, report.Refunds.Requested);
        Assert.Equal(1, report.Refunds.ByStatus["Succeeded"]);
        Assert.Equal(2, report.Refunds.Refused["ProviderCannotRefund (mpesa)"]);
        Assert.Equal(40m, report.Refunds.AmountRefunded);
        Assert.Equal(1, report.Refunds.PossibleDuplicates);
        Assert.True(report.Audit.Clean);
    }
}
