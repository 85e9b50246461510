using CsCheck;
using Resilience.Payments.Internal;

namespace Resilience.Payments.Tests.Refunds;

/// <summary>The refund state machine, checked over every status and every answer.</summary>
public class RefundTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<RefundStatus> Status = Gen.Enum<RefundStatus>();

    private static readonly Gen<ProviderOutcome> Outcome = Gen.OneOf(
        Gen.Int[1, 300].Select(a => ProviderOutcome.Succeeded() with { Amount = Money.Kes(a) }),
        Gen.Const(ProviderOutcome.Succeeded()),
        Gen.Const(ProviderOutcome.Pending("p-1")),
        Gen.Const(ProviderOutcome.Declined("R1", "no")),
        Gen.Const(ProviderOutcome.NotProcessed("down")),
        Gen.Const(ProviderOutcome.Unknown("timeout")));

    private static PaymentRefund Refund(RefundStatus status, bool automatic = false) => new()
    {
        Key = "rf-1",
        Reference = "rfabc",
        AttemptNumber = 1,
        Provider = "mpesa",
        Amount = Money.Kes(100m),
        Automatic = automatic,
        Status = status,
        CreatedAt = Now,
        UpdatedAt = Now,
        SentAt = Now,
    };

    [Fact]
    public void Apply_AnyStatusAnyAnswer_SucceedsOnlyOnAMatchingSuccessAndNeverLeavesSucceeded()
    {
        Gen.Select(Status, Outcome, Gen.Bool, Gen.Enum<OutcomeSource>()).Sample((status, outcome, automatic, source) =>
        {
            var next = RefundTransitions.Apply(Refund(status, automatic), outcome, source, Now, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15));
            var after = next?.Status ?? status;
            if (after == RefundStatus.Succeeded && status != RefundStatus.Succeeded)
            {
                Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
                Assert.True(outcome.Amount is null || outcome.Amount == Money.Kes(100m));
            }

            if (status == RefundStatus.Succeeded)
            {
                Assert.Null(next); // final and money moved: nothing changes it
            }

            if (status.IsFinal() && outcome.Kind != OutcomeKind.Succeeded)
            {
                Assert.Null(next);
            }

            if (next is not null)
            {
                Assert.Equal(next.Status.IsFinal(), next.DueAt is null); // open refunds are always due again; final ones never
            }
        }, iter: 2000, threads: 1, seed: "0N0XIzNsQ0O2");
    }

    [Theory]
    [InlineData(RefundStatus.Processing, OutcomeKind.Unknown, RefundStatus.Unknown)]
    [InlineData(RefundStatus.Processing, OutcomeKind.Pending, RefundStatus.Pending)]
    [InlineData(RefundStatus.Processing, OutcomeKind.Declined, RefundStatus.Rejected)]
    [InlineData(RefundStatus.Processing, OutcomeKind.NotProcessed, RefundStatus.Failed)]
    [InlineData(RefundStatus.Pending, OutcomeKind.Unknown, null)]
    [InlineData(RefundStatus.Unknown, OutcomeKind.Unknown, null)]
    [InlineData(RefundStatus.Pending, OutcomeKind.NotProcessed, RefundStatus.Failed)]
    [InlineData(RefundStatus.Failed, OutcomeKind.Succeeded, RefundStatus.Succeeded)]
    [InlineData(RefundStatus.Rejected, OutcomeKind.Succeeded, RefundStatus.Succeeded)]
    [InlineData(RefundStatus.Rejected, OutcomeKind.NotProcessed, null)]
    public void Apply_Row_ExpectedStatus(RefundStatus from, OutcomeKind kind, RefundStatus? expected)
    {
        var outcome = kind switch
        {
            OutcomeKind.Succeeded => ProviderOutcome.Succeeded() with { Amount = Money.Kes(100m) },
            OutcomeKind.Pending => ProviderOutcome.Pending("p"),
            OutcomeKind.Declined => ProviderOutcome.Declined("c", "r"),
            OutcomeKind.NotProcessed => ProviderOutcome.NotProcessed("n"),
            _ => ProviderOutcome.Unknown("u"),
        };
        var next = RefundTransitions.Apply(Refund(from), outcome, OutcomeSource.StatusQuery, Now, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15));
        Assert.Equal(expected, next?.Status);
    }

    [Fact]
    public void Apply_AutomaticReversalNotProcessedOnSend_BackToTheQueueWithItsCountUp()
    {
        var next = RefundTransitions.Apply(Refund(RefundStatus.Processing, automatic: true), ProviderOutcome.NotProcessed("down"), OutcomeSource.Response, Now, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15));
        Assert.Equal((RefundStatus.Queued, 1, Now.AddSeconds(15)), (next!.Status, next.Checks, next.DueAt));
    }

    [Fact]
    public void WithRefund_SucceededPayment_DueWhenItsEarliestOpenRefundIs()
    {
        var request = new PaymentRequest { IdempotencyKey = "p-1", Amount = Money.Kes(100m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] };
        var record = new PaymentRecord { Key = "p-1", Request = request, Status = PaymentStatus.Succeeded, CreatedAt = Now, UpdatedAt = Now };
        var open = Refund(RefundStatus.Pending) with { DueAt = Now.AddMinutes(5) };
        var withOpen = RefundTransitions.FollowOpenWork(RefundTransitions.WithRefund(record, open, Now));
        Assert.Equal(Now.AddMinutes(5), withOpen.DueAt);
        var settled = RefundTransitions.FollowOpenWork(RefundTransitions.WithRefund(withOpen, open with { Status = RefundStatus.Succeeded, DueAt = null }, Now));
        Assert.Single(settled.Refunds);
        Assert.Null(settled.DueAt);
    }

    [Fact]
    public void Serializer_Refunds_RoundTripEveryField()
    {
        var request = new PaymentRequest { IdempotencyKey = "p-1", Amount = Money.Kes(100m), Instruments = [PaymentInstrument.MobileMoney("0712345678")] };
        var refund = Refund(RefundStatus.Unknown, automatic: true) with
        {
            Reason = "why",
            LastInFlightAt = Now.AddSeconds(40),
            DueAt = Now.AddMinutes(1),
            Checks = 3,
            ProviderReference = "AG_1",
            Code = "R000001",
            Message = "queued",
            Source = OutcomeSource.Callback,
        };
        var record = new PaymentRecord { Key = "p-1", Request = request, Status = PaymentStatus.Succeeded, CreatedAt = Now, UpdatedAt = Now, Refunds = [refund] };
        var back = PaymentRecordSerializer.Deserialize(PaymentRecordSerializer.Serialize(record));
        Assert.Equal(refund, Assert.Single(back.Refunds));

        var none = PaymentRecordSerializer.Serialize(record with { Refunds = [] });
        Assert.DoesNotContain("Refunds", none, StringComparison.Ordinal); // documents without refunds are as rc.1 wrote them
    }

    [Fact]
    public void Validator_AnyRequest_ErrorsNameOnlyKnownFields()
    {
        string[] fields = ["request", "RefundKey", "PaymentKey", "Amount", "Reason", "AttemptNumber"];
        Gen.Select(Gen.String, Gen.String, Gen.Decimal[-1000m, 1000m], Gen.Int[-2, 3], Gen.Int[0, 300]).Sample((refundKey, paymentKey, amount, attempt, reasonLength) =>
        {
            var request = new RefundRequest
            {
                RefundKey = refundKey,
                PaymentKey = paymentKey,
                Amount = Money.Kes(decimal.Round(amount, 2)),
                AttemptNumber = attempt == 0 ? null : attempt,
                Reason = new string('r', reasonLength),
            };
            try
            {
                RefundRequestValidator.ThrowIfInvalid(request);
            }
            catch (PaymentValidationException ex)
            {
                Assert.All(ex.Errors, e => Assert.Contains(e.Field, fields));
                Assert.NotEmpty(ex.Errors);
            }
        }, iter: 1000, threads: 1, seed: "0N0XIzNsQ0O2");
    }
}
