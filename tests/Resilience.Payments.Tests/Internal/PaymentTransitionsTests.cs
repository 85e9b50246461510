using CsCheck;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Internal;

public class PaymentTransitionsTests
{
    private const string Key = "inv-2024-001";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddMinutes(1);
    private static readonly TimeSpan FirstCheckDelay = TimeSpan.FromSeconds(30);
    private static readonly MobileMoneyInstrument Phone = PaymentInstrument.MobileMoney("0712345678");

    private static PaymentRecord Record(PaymentStatus status, params OutcomeKind?[] attemptOutcomes) => new()
    {
        Key = Key,
        Fingerprint = "F",
        Request = new PaymentRequest { IdempotencyKey = Key, Amount = Money.Kes(200m), Instruments = [Phone] },
        Status = status,
        CreatedAt = T0,
        UpdatedAt = T0,
        Version = 3,
        Attempts = attemptOutcomes.Select((o, i) => new PaymentAttempt
        {
            Number = i + 1,
            Reference = AttemptReference.Create(Key, i + 1),
            Provider = "mpesa",
            Instrument = Phone,
            StartedAt = T0,
            Outcome = o,
        }).ToArray(),
    };

    private static PaymentRecord? Apply(PaymentRecord record, int attempt, ProviderOutcome outcome) =>
        PaymentTransitions.ApplyOutcome(record, attempt, outcome, OutcomeSource.Callback, Now, FirstCheckDelay, out _);

    private static ProviderOutcome Make(OutcomeKind kind, string? providerReference = null) => kind switch
    {
        OutcomeKind.Succeeded => ProviderOutcome.Succeeded("RCPT1", providerReference),
        OutcomeKind.Pending => ProviderOutcome.Pending(providerReference),
        OutcomeKind.ActionRequired => ProviderOutcome.ActionRequired(new PaymentAction(PaymentActionKind.Redirect, new Uri("https://pay.example/x")), providerReference),
        OutcomeKind.Declined => ProviderOutcome.Declined("1032", "cancelled by user", providerReference),
        OutcomeKind.NotProcessed => ProviderOutcome.NotProcessed("connection refused"),
        OutcomeKind.Unknown => ProviderOutcome.Unknown("timeout", null, providerReference),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [InlineData(OutcomeKind.Declined)]
    [InlineData(OutcomeKind.NotProcessed)]
    [InlineData(OutcomeKind.Unknown)]
    [InlineData(OutcomeKind.Pending)]
    [InlineData(OutcomeKind.Succeeded)]
    public void ApplyOutcome_AnythingAfterSucceededAttempt_ReturnsNull(OutcomeKind kind)
    {
        var record = Record(PaymentStatus.Succeeded, OutcomeKind.Succeeded);

        Assert.Null(Apply(record, 1, Make(kind, "other-ref")));
    }

    [Theory]
    [InlineData(PaymentStatus.Declined, OutcomeKind.Declined)]
    [InlineData(PaymentStatus.Failed, OutcomeKind.NotProcessed)]
    [InlineData(PaymentStatus.Expired, OutcomeKind.Unknown)]
    public void ApplyOutcome_SuccessAfterFinalFailure_MakesPaymentSucceeded(PaymentStatus status, OutcomeKind earlier)
    {
        var record = Record(status, earlier) with { FailureReason = "gave up", DueAt = Now };

        var next = PaymentTransitions.ApplyOutcome(record, 1, Make(OutcomeKind.Succeeded), OutcomeSource.StatusQuery, Now, FirstCheckDelay, out var secondSuccess);

        Assert.NotNull(next);
        Assert.Equal(PaymentStatus.Succeeded, next.Status);
        Assert.Equal(OutcomeKind.Succeeded, next.Attempts[0].Outcome);
        Assert.Null(next.FailureReason);
        Assert.Null(next.DueAt);
        Assert.False(secondSuccess);
    }

    [Fact]
    public void ApplyOutcome_FirstSuccess_DoesNotFlagSecondSuccess()
    {
        var record = Record(PaymentStatus.Pending, OutcomeKind.Pending);

        PaymentTransitions.ApplyOutcome(record, 1, Make(OutcomeKind.Succeeded), OutcomeSource.Callback, Now, FirstCheckDelay, out var secondSuccess);

        Assert.False(secondSuccess);
    }

    [Fact]
    public void ApplyOutcome_SuccessOfOtherAttemptWhenAlreadySucceeded_FlagsSecondSuccess()
    {
        var record = Record(PaymentStatus.Succeeded, OutcomeKind.Succeeded, OutcomeKind.Unknown);

        var next = PaymentTransitions.ApplyOutcome(record, 2, Make(OutcomeKind.Succeeded), OutcomeSource.StatusQuery, Now, FirstCheckDelay, out var secondSuccess);

        Assert.NotNull(next);
        Assert.True(secondSuccess);
        Assert.Equal(PaymentStatus.Succeeded, next.Status);
        Assert.Equal(OutcomeKind.Succeeded, next.Attempts[1].Outcome);
    }

    [Fact]
    public void ApplyOutcome_DeclinedForOlderAttempt_ChangesOnlyThatAttempt()
    {
        var record = Record(PaymentStatus.Pending, OutcomeKind.Unknown, OutcomeKind.Pending) with { DueAt = Now.AddMinutes(5) };

        var next = Apply(record, 1, Make(OutcomeKind.Declined));

        Assert.NotNull(next);
        Assert.Equal(PaymentStatus.Pending, next.Status);
        Assert.Equal(OutcomeKind.Declined, next.Attempts[0].Outcome);
        Assert.Equal(OutcomeKind.Pending, next.Attempts[1].Outcome);
        Assert.Equal(record.DueAt, next.DueAt);
    }

    [Fact]
    public void ApplyOutcome_DeclinedForLatestAttempt_DeclinesPaymentAndReleasesLease()
    {
        var record = Record(PaymentStatus.Processing, OutcomeKind.NotProcessed, null) with { LeaseOwner = "w1", LeaseExpiresAt = Now.AddMinutes(2), DueAt = Now };

        var next = Apply(record, 2, Make(OutcomeKind.Declined));

        Assert.NotNull(next);
        Assert.Equal(PaymentStatus.Declined, next.Status);
        Assert.Null(next.LeaseOwner);
        Assert.Null(next.LeaseExpiresAt);
        Assert.Null(next.DueAt);
        Assert.Equal("1032", next.Attempts[1].Code);
    }

    [Theory]
    [InlineData(OutcomeKind.Pending)]
    [InlineData(OutcomeKind.ActionRequired)]
    public void ApplyOutcome_UnknownAfterKnownAcceptance_ReturnsNull(OutcomeKind accepted)
    {
        var record = Record(PaymentStatus.Pending, accepted);

        Assert.Null(Apply(record, 1, Make(OutcomeKind.Unknown, "new-ref")));
    }

    [Theory]
    [InlineData(OutcomeKind.Pending)]
    [InlineData(OutcomeKind.Unknown)]
    public void ApplyOutcome_PendingOrUnknownOnProcessing_BecomesPendingScheduledAndUnleased(OutcomeKind kind)
    {
        var record = Record(PaymentStatus.Processing, [null]) with { LeaseOwner = "w1", LeaseExpiresAt = Now.AddMinutes(2), StatusChecks = 4 };

        var next = Apply(record, 1, Make(kind, "ws_CO_1"));

        Assert.NotNull(next);
        Assert.Equal(PaymentStatus.Pending, next.Status);
        Assert.Equal(Now + FirstCheckDelay, next.DueAt);
        Assert.Null(next.LeaseOwner);
        Assert.Null(next.LeaseExpiresAt);
        Assert.Equal(0, next.StatusChecks);
        Assert.Equal("ws_CO_1", next.Attempts[0].ProviderReference);
        Assert.Equal(kind, next.Attempts[0].Outcome);
        Assert.Equal(OutcomeSource.Callback, next.Attempts[0].Source);
        Assert.Equal(Now, next.Attempts[0].CompletedAt);
        Assert.Equal(Now, next.UpdatedAt);
    }

    [Fact]
    public void ApplyOutcome_ActionRequiredOnProcessing_BecomesActionRequired()
    {
        var record = Record(PaymentStatus.Processing, [null]);

        var next = Apply(record, 1, Make(OutcomeKind.ActionRequired));

        Assert.NotNull(next);
        Assert.Equal(PaymentStatus.ActionRequired, next.Status);
        Assert.NotNull(next.Attempts[0].Action);
    }

    [Fact]
    public void ApplyOutcome_NewProviderReferenceOnPending_KeepsSchedule()
    {
        var due = Now.AddSeconds(7);
        var record = Record(PaymentStatus.Pending, OutcomeKind.Pending) with { DueAt = due, StatusChecks = 2 };

        var next = Apply(record, 1, Make(OutcomeKind.Pending, "ref-2"));

        Assert.NotNull(next);
        Assert.Equal(due, next.DueAt);
        Assert.Equal(2, next.StatusChecks);
        Assert.Equal("ref-2", next.Attempts[0].ProviderReference);
    }

    [Fact]
    public void ApplyOutcome_NotProcessedOnPending_DueNowStatusUnchanged()
    {
        var record = Record(PaymentStatus.Pending, OutcomeKind.Unknown) with { DueAt = Now.AddMinutes(3) };

        var next = Apply(record, 1, Make(OutcomeKind.NotProcessed));

        Assert.NotNull(next);
        Assert.Equal(PaymentStatus.Pending, next.Status);
        Assert.Equal(Now, next.DueAt);
        Assert.Equal(OutcomeKind.NotProcessed, next.Attempts[0].Outcome);
    }

    [Fact]
    public void ApplyOutcome_NotProcessedOnProcessing_StaysProcessing()
    {
        var record = Record(PaymentStatus.Processing, [null]) with { LeaseOwner = "w1", LeaseExpiresAt = Now.AddMinutes(2), DueAt = T0 };

        var next = Apply(record, 1, Make(OutcomeKind.NotProcessed));

        Assert.NotNull(next);
        Assert.Equal(PaymentStatus.Processing, next.Status);
        Assert.Equal(T0, next.DueAt);
        Assert.Equal("w1", next.LeaseOwner);
        Assert.Equal(OutcomeKind.NotProcessed, next.Attempts[0].Outcome);
    }

    [Theory]
    [InlineData(OutcomeKind.Pending)]
    [InlineData(OutcomeKind.Declined)]
    [InlineData(OutcomeKind.NotProcessed)]
    [InlineData(OutcomeKind.Unknown)]
    [InlineData(OutcomeKind.Succeeded)]
    public void ApplyOutcome_DuplicateIdenticalOutcome_ReturnsNull(OutcomeKind kind)
    {
        var record = Record(PaymentStatus.Processing, [null]);
        var outcome = Make(kind, "ref-1");

        var first = Apply(record, 1, outcome);

        Assert.NotNull(first);
        Assert.Null(Apply(first, 1, outcome));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public void ApplyOutcome_AttemptNumberOutOfRange_ReturnsNull(int attempt)
    {
        var record = Record(PaymentStatus.Processing, [null]);

        Assert.Null(Apply(record, attempt, Make(OutcomeKind.Succeeded)));
    }

    [Fact]
    public void ApplyOutcome_SuccessWithoutReference_KeepsEarlierProviderReference()
    {
        var record = Record(PaymentStatus.Processing, [null]);
        var pending = Apply(record, 1, Make(OutcomeKind.Pending, "ws_CO_1"))!;

        var next = Apply(pending, 1, ProviderOutcome.Succeeded("QKA1B2C3"));

        Assert.NotNull(next);
        Assert.Equal("ws_CO_1", next.Attempts[0].ProviderReference);
        Assert.Equal("QKA1B2C3", next.Attempts[0].Receipt);
    }

    [Fact]
    public void ApplyOutcome_RandomUpdateSequences_KeepInvariants()
    {
        var openOrQueued = new[] { PaymentStatus.Processing, PaymentStatus.Pending, PaymentStatus.ActionRequired, PaymentStatus.Queued, PaymentStatus.Failed, PaymentStatus.Expired };
        var initialOutcome = Gen.OneOf<OutcomeKind?>(null, OutcomeKind.NotProcessed, OutcomeKind.Unknown, OutcomeKind.Pending, OutcomeKind.ActionRequired);
        var gen =
            from n in Gen.Int[1, 4]
            from outcomes in initialOutcome.Array[n]
            from status in Gen.OneOf(openOrQueued)
            from updates in Gen.Select(Gen.Int[1, n], Gen.Enum<OutcomeKind>(), Gen.Enum<OutcomeSource>(), Gen.OneOf<string?>(null, "p1", "p2")).Array[0, 20]
            select (outcomes, status, updates);

        Deterministic.ForAll(gen, t =>
        {
            var (outcomes, status, updates) = t;
            var record = Record(status, outcomes);
            var now = Now;
            foreach (var (attempt, kind, source, reference) in updates)
            {
                now = now.AddSeconds(1);
                var outcome = Make(kind, reference);
                var next = PaymentTransitions.ApplyOutcome(record, attempt, outcome, source, now, FirstCheckDelay, out var secondSuccess);
                if (next is null)
                {
                    continue;
                }

                CheckStep(record, next, attempt, kind, secondSuccess);

                // (d) the same update again changes nothing
                Assert.Null(PaymentTransitions.ApplyOutcome(next, attempt, outcome, source, now.AddSeconds(1), FirstCheckDelay, out _));
                record = next;
            }
        }, count: 500);
    }

    private static void CheckStep(PaymentRecord before, PaymentRecord after, int attempt, OutcomeKind kind, bool secondSuccess)
    {
        // (a) a success is final: the payment stays Succeeded and so does every succeeded attempt
        if (after.Attempts.Any(a => a.Outcome == OutcomeKind.Succeeded))
        {
            Assert.Equal(PaymentStatus.Succeeded, after.Status);
        }

        if (before.Status == PaymentStatus.Succeeded)
        {
            Assert.Equal(PaymentStatus.Succeeded, after.Status);
        }

        Assert.Equal(before.Attempts.Count, after.Attempts.Count);
        for (var i = 0; i < before.Attempts.Count; i++)
        {
            var was = before.Attempts[i];
            var now = after.Attempts[i];
            if (was.Outcome == OutcomeKind.Succeeded)
            {
                Assert.Equal(OutcomeKind.Succeeded, now.Outcome);
            }

            // (b) a resolved attempt only changes to Succeeded
            if (was.IsResolved && now.Outcome != was.Outcome)
            {
                Assert.Equal(OutcomeKind.Succeeded, now.Outcome);
            }

            // only the addressed attempt changes
            if (i != attempt - 1)
            {
                Assert.Same(was, now);
            }
        }

        // (c) Declined only follows a Declined outcome of the latest attempt
        if (after.Status == PaymentStatus.Declined && before.Status != PaymentStatus.Declined)
        {
            Assert.Equal(OutcomeKind.Declined, kind);
            Assert.Equal(before.Attempts.Count, attempt);
        }

        // a second success is flagged only when the payment had already succeeded
        Assert.Equal(before.Status == PaymentStatus.Succeeded && kind == OutcomeKind.Succeeded, secondSuccess);
        Assert.Equal(before.Version, after.Version);
    }
}
