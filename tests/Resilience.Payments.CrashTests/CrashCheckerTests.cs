namespace Resilience.Payments.CrashTests;

/// <summary>The checker is not vacuous: it sees every kind of anomaly it is asked to count.</summary>
public sealed class CrashCheckerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "resilience-checker-" + Guid.NewGuid().ToString("N"));

    public CrashCheckerTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Check_NoStore_CountsChargedKeysLostDuplicatedAndUnexpected_AndUnchargedOnesNotStarted()
    {
        Accept("k-0", "k-1", "k-2");
        Charge("alpha", "k-0-1", "k-0");
        Charge("alpha", "k-1-1", "k-1");
        Charge("beta", "k-1-2", "k-1");
        Charge("beta", "x-9-1", "x-9");
        File.AppendAllText(LedgerFiles.ChargesPath(_directory, "alpha"), "k-2-1\tk-2"); // torn: no newline, not a charge

        var result = await CrashChecker.CheckAsync(Path.Combine(_directory, "payments.db"), _directory, seed: 1);

        Assert.Equal(3, result.Accepted);
        Assert.Equal(4, result.Charges);
        Assert.Equal(3, result.Lost); // k-0 once, k-1 twice: charged, never stored
        Assert.Equal(1, result.Duplicated); // k-1
        Assert.Equal(1, result.Unexpected); // x-9
        Assert.Equal(1, result.NotStarted); // k-2
        Assert.False(result.Clean);
        Assert.Contains("DUPLICATED k-1: charge[alpha k-1-1] charge[beta k-1-2] not stored", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RefundLedgers_CountRefundsSentTwiceBeyondTheChargeAndLost()
    {
        Accept("k-0");
        Charge("alpha", "k-0-1", "k-0", 100);
        Refund("alpha", "ref-a", "k-0", "k-0-1", 60);
        Refund("alpha", "ref-a", "k-0", "k-0-1", 60); // the same reference twice; 120 > 100 charged
        LedgerFiles.AppendDurably(LedgerFiles.ToldPath(_directory), "k-0:r1\tk-0\tSucceeded");

        var result = await CrashChecker.CheckAsync(Path.Combine(_directory, "payments.db"), _directory, seed: 1);

        Assert.Equal(2, result.ProviderRefunds);
        Assert.Equal(2, result.RefundsDuplicated); // one reference twice, one charge refunded beyond its amount
        Assert.Equal(3, result.RefundsLost); // both entries given back unknown to the store, and the answered key k-0:r1
        Assert.False(result.Clean);
        Assert.Contains("REFUND SENT TWICE alpha ref-a: 2 entries", result.Evidence, StringComparison.Ordinal);
        Assert.Contains("REFUNDED BEYOND THE CHARGE k-0-1: refunded 120, charged 100", result.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckRefunds_StoreAgainstLedger_SeesMismatchesAndExtraChargesNotReversed()
    {
        var now = DateTimeOffset.UnixEpoch;
        PaymentRefund Stored(string key, string reference, RefundStatus status, decimal amount, int attempt = 1, bool automatic = false) => new()
        {
            Key = key,
            Reference = reference,
            AttemptNumber = attempt,
            Provider = "alpha",
            Amount = Money.Kes(amount),
            Status = status,
            CreatedAt = now,
            UpdatedAt = now,
            Automatic = automatic,
        };
        PaymentAttempt Attempt(int n, string provider) => new()
        {
            Number = n,
            Reference = $"k-0-{n}",
            Provider = provider,
            Instrument = PaymentInstrument.MobileMoney("+254712345678"),
            StartedAt = now,
            Outcome = OutcomeKind.Succeeded,
        };
        var record = new PaymentRecord
        {
            Key = "k-0",
            Fingerprint = "f",
            Request = new PaymentRequest { IdempotencyKey = "k-0", Amount = Money.Kes(100), Instruments = [PaymentInstrument.MobileMoney("+254712345678")], AccountReference = "INV-0" },
            Status = PaymentStatus.Succeeded,
            Attempts = [Attempt(1, "alpha"), Attempt(2, "beta")],
            ExtraCharges = [new ExtraCharge { AttemptNumber = 1, Provider = "alpha", Amount = Money.Kes(100), DetectedAt = now }],
            Refunds =
            [
                Stored("k-0:r1", "ref-ok", RefundStatus.Succeeded, 30, attempt: 2),
                Stored("k-0:r2", "ref-short", RefundStatus.Succeeded, 20, attempt: 2),   // the provider gave back 10
                Stored("k-0:r3", "ref-failed", RefundStatus.Failed, 5, attempt: 2),      // but the provider gave it back
                Stored("k-0:r4", "ref-open", RefundStatus.Pending, 5, attempt: 2),       // still open after the drain
                Stored("k-0:reverse:1", "ref-rev", RefundStatus.Rejected, 100, automatic: true), // the extra charge stays
            ],
            CreatedAt = now,
            UpdatedAt = now,
        };
        CrashChecker.LedgerRefund[] ledger =
        [
            new("alpha", "ref-ok", "k-0", "k-0-2", 30, Completed: true),
            new("alpha", "ref-short", "k-0", "k-0-2", 10, Completed: true),
            new("alpha", "ref-failed", "k-0", "k-0-2", 5, Completed: true),
        ];
        var evidence = new System.Text.StringBuilder();

        var (lost, duplicated, mismatched, extraNotReversed, reversed) = CrashChecker.CheckRefunds(
            _directory,
            new Dictionary<string, PaymentRecord> { ["k-0"] = record },
            new Dictionary<string, decimal> { ["k-0-1"] = 100, ["k-0-2"] = 100 },
            ledger,
            evidence);

        Assert.Equal((0, 0, 3, 1, 0), (lost, duplicated, mismatched, extraNotReversed, reversed));
        Assert.Contains("EXTRA CHARGE NOT REVERSED ONCE k-0 attempt 1", evidence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AppendDurably_AfterTornLine_StartsOnANewLine()
    {
        var path = LedgerFiles.ChargesPath(_directory, "alpha");
        File.WriteAllText(path, "torn");

        LedgerFiles.AppendDurably(path, "k-0-1\tk-0\talpha");

        Assert.Equal([["torn"], ["k-0-1", "k-0", "alpha"]], LedgerFiles.ReadLines(path));
    }

    [Fact]
    public void CheckEvents_EveryEventDeliveredInOrder_CleanAndCountsRedeliveriesAfterKills()
    {
        var events = new EventScenario();

        var result = events.Check();

        Assert.True(result.Clean, events.Evidence.ToString());
        Assert.Equal((4, 4, 1, 1, 0), (result.Stored, result.Delivered, result.Redeliveries, result.RedeliveredAfterKill, result.DeadLetters));
    }

    [Fact]
    public void CheckEvents_PaymentSuccessEventNeverDelivered_CountsItMissing()
    {
        var events = new EventScenario();
        events.Delivered.RemoveAll(d => d.EventId == "k-0/2/0");

        var result = events.Check();

        Assert.Equal(1, result.SuccessMissing);
        Assert.Equal(1, result.Undelivered); // and the outbox event that never reached the recorder
        Assert.False(result.Clean);
        Assert.Contains("SUCCESS EVENT NOT DELIVERED k-0", events.Evidence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckEvents_RefundSuccessEventOnlyPending_CountsItMissing()
    {
        var events = new EventScenario();
        events.Delivered.RemoveAll(d => d.EventId == "k-0/4/0");

        var result = events.Check();

        Assert.Equal(1, result.SuccessMissing);
        Assert.Contains("REFUND SUCCESS EVENT NOT DELIVERED k-0 k-0:r1", events.Evidence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckEvents_FirstDeliveriesOfAPaymentReordered_CountsOutOfOrder()
    {
        var events = new EventScenario();
        var (first, second) = (events.Delivered[0], events.Delivered[1]);
        events.Delivered[0] = second;
        events.Delivered[1] = first;

        var result = events.Check();

        Assert.Equal(1, result.OutOfOrder);
        Assert.Contains("EVENTS OUT OF ORDER to crash-recorder k-0: k-0/1/0 first delivered after k-0/2/0", events.Evidence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckEvents_EarlierEventDeliveredAgainAfterALaterOne_NotOutOfOrder()
    {
        var events = new EventScenario();
        events.Delivered.Add(events.Delivered[0] with { Process = 3 });

        var result = events.Check();

        Assert.Equal(0, result.OutOfOrder);
        Assert.True(result.Clean, events.Evidence.ToString());
    }

    [Fact]
    public void CheckEvents_OneIdDeliveredWithTwoContents_CountsMismatch()
    {
        var events = new EventScenario();
        events.Delivered.Add(events.Delivered[1] with { Status = "Failed", Process = 3 });

        var result = events.Check();

        Assert.Equal(1, result.ContentMismatches);
        Assert.Contains("EVENT ID WITH TWO CONTENTS to crash-recorder k-0/2/0", events.Evidence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckEvents_DeliveredIdNotInTheOutbox_CountsUndelivered()
    {
        var events = new EventScenario();
        events.Delivered.Add(events.Delivered[0] with { EventId = "0f8e4c" }); // an in-process event's random id

        var result = events.Check();

        Assert.Equal(1, result.Undelivered);
        Assert.Contains("EVENT DELIVERED BUT NOT IN THE OUTBOX to crash-recorder 0f8e4c", events.Evidence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckEvents_FlakyObserverNeverGotAnEvent_CountsUndelivered()
    {
        var events = new EventScenario();
        events.Flaky.RemoveAll(d => d.EventId == "k-0/3/0");

        var result = events.Check();

        Assert.Equal(1, result.Undelivered);
        Assert.Contains("EVENT NOT DELIVERED to crash-flaky k-0/3/0", events.Evidence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckEvents_DeadLetters_OnlyTheFlakyObserversPlannedOnesAndAllOfThem()
    {
        var planned = new EventScenario(plannedDeadLetter: true);
        Assert.True(planned.Check().Clean, planned.Evidence.ToString()); // its last event dead-lettered for the flaky observer: as planned

        var missing = new EventScenario(plannedDeadLetter: true);
        missing.DeadLetters.Clear();
        Assert.Equal(1, missing.Check().DeadLetterMismatches);
        Assert.Contains("DEAD LETTER MISSING crash-flaky", missing.Evidence.ToString(), StringComparison.Ordinal);

        var unexpected = new EventScenario();
        unexpected.DeadLetters.Add(EventScenario.Letter(EventFiles.Recorder, unexpected.Outbox[1]));
        unexpected.DeadLetters.Add(EventScenario.Letter(EventFiles.Flaky, unexpected.Outbox[2]));
        Assert.Equal(2, unexpected.Check().DeadLetterMismatches);
        Assert.Contains("UNEXPECTED DEAD LETTER crash-recorder k-0/2/0", unexpected.Evidence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFlaky_FailuresThenAcceptedByALaterProcess_CountsARetryAfterRestart()
    {
        var path = EventFiles.FlakyPath(_directory);
        LedgerFiles.AppendDurably(path, "k-0/1/0\tfail\t11");
        LedgerFiles.AppendDurably(path, "k-0/1/0\tfail\t11");
        LedgerFiles.AppendDurably(path, "k-0/1/0\tok\tk-0\tpayment.status_changed\tProcessing\t-\t-\t12"); // after a restart
        LedgerFiles.AppendDurably(path, "k-0/2/0\tfail\t12");
        LedgerFiles.AppendDurably(path, "k-0/2/0\tok\tk-0\tpayment.status_changed\tSucceeded\tProcessing\t-\t12"); // same process
        File.AppendAllText(path, "k-0/3/0\tok\tk-0"); // torn by a kill: not a delivery

        var (accepted, failures, retriedAfterRestart) = EventFiles.ReadFlaky(_directory);

        Assert.Equal(["k-0/1/0", "k-0/2/0"], accepted.Select(d => d.EventId));
        Assert.Equal("k-0 payment.status_changed Succeeded Processing -", accepted[1].Content);
        Assert.Equal(2, failures["k-0/1/0"]);
        Assert.Equal(1, failures["k-0/2/0"]);
        Assert.Equal(1, retriedAfterRestart);
    }

    [Theory]
    [InlineData("k-0/2/0", 2L, 0L)]
    [InlineData("a/b/12/3", 12L, 3L)]
    [InlineData("0f8e4c", -1L, -1L)]
    [InlineData("k/x/0", -1L, -1L)]
    public void Order_EventIds_VersionAndIndex(string id, long version, long index) =>
        Assert.Equal((version, index), CrashChecker.Order(id));

    [Fact]
    public void PlannedFailures_ManyIds_MostNoneSomeRetriedAFewDeadLettered()
    {
        var plans = Enumerable.Range(0, 2000).Select(i => EventFiles.PlannedFailures(7, $"crash-7-{i % 40}/{i / 40}/0")).ToList();

        Assert.InRange(plans.Count(p => p == 0), 1600, 1900);
        Assert.InRange(plans.Count(p => p is > 0 and < EventFiles.MaxAttempts), 100, 350);
        Assert.InRange(plans.Count(p => p == EventFiles.Always), 10, 100);
        Assert.Equal(plans, Enumerable.Range(0, 2000).Select(i => EventFiles.PlannedFailures(7, $"crash-7-{i % 40}/{i / 40}/0")));
    }

    private void Accept(params string[] keys)
    {
        foreach (var key in keys)
        {
            LedgerFiles.AppendDurably(LedgerFiles.AcceptedPath(_directory), key);
        }
    }

    private void Charge(string provider, string reference, string key) =>
        LedgerFiles.AppendDurably(LedgerFiles.ChargesPath(_directory, provider), $"{reference}\t{key}\t{provider}");

    private void Charge(string provider, string reference, string key, decimal amount) =>
        LedgerFiles.AppendDurably(LedgerFiles.ChargesPath(_directory, provider), FormattableString.Invariant($"{reference}\t{key}\t{provider}\t{amount}"));

    private void Refund(string provider, string reference, string key, string charge, decimal amount) =>
        LedgerFiles.AppendDurably(LedgerFiles.RefundsPath(_directory, provider), FormattableString.Invariant($"{reference}\t{key}\t{charge}\t{amount}\tsync\t0"));
}
