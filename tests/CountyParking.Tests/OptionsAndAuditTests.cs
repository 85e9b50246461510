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
}
