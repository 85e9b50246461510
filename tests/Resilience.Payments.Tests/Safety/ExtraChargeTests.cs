namespace Resilience.Payments.Tests.Safety;

/// <summary>A second charge for one payment is kept on the payment, shown, raised and counted; the first success stays the payment's.</summary>
public class ExtraChargeTests
{
    private static PaymentRequest Request() => new()
    {
        IdempotencyKey = "bill-1",
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
    };

    [Fact]
    public async Task ApplyProviderUpdateAsync_FailedOverAttemptSucceedsLate_FirstSuccessStaysAndExtraChargeIsKept()
    {
        var slow = new ScriptedProvider("slow", _ => ProviderOutcome.Unknown("timeout")) { Status = _ => ProviderOutcome.NotProcessed("no such transaction", "not-found") };
        var fast = new ScriptedProvider("fast", _ => ProviderOutcome.Succeeded("FAST-R", "F1") with { Amount = Money.Kes(200m) });
        using var h = new SafetyHarness(slow, fast);
        var pending = await h.Gateway.PayAsync(Request());
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.ReconcileAsync(); // "not found": failed over to the fast provider, which charged
        var paid = await h.Gateway.GetAsync("bill-1");
        Assert.Equal(PaymentStatus.Succeeded, paid!.Status);
        Assert.Equal("fast", paid.Provider);

        // The slow provider's request landed after all, and its callback arrives.
        var late = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "slow",
            AttemptReference = pending.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("SLOW-R", "S1") with { Amount = Money.Kes(200m) },
            AttemptVerified = true,
        });

        Assert.Equal(ProviderUpdateDisposition.Applied, late.Disposition);
        var after = await h.Gateway.GetAsync("bill-1");
        Assert.Equal(PaymentStatus.Succeeded, after!.Status);
        Assert.Equal("fast", after.Provider);
        Assert.Equal("FAST-R", after.Receipt);
        var extra = Assert.Single(after.ExtraCharges);
        Assert.Equal(("slow", 1, "SLOW-R", "S1", Money.Kes(200m)), (extra.Provider, extra.AttemptNumber, extra.Receipt, extra.ProviderReference, extra.Amount));
        Assert.Equal(h.Time.GetUtcNow(), extra.DetectedAt);
        var raised = Assert.Single(h.Events.All.OfType<PaymentExtraChargeEvent>());
        Assert.Equal(extra, raised.Charge);

        // A duplicate of the late callback changes nothing and raises nothing.
        var duplicate = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "slow",
            AttemptReference = pending.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("SLOW-R", "S1") with { Amount = Money.Kes(200m) },
            AttemptVerified = true,
        });
        Assert.Equal(ProviderUpdateDisposition.Unchanged, duplicate.Disposition);
        Assert.Single((await h.Gateway.GetAsync("bill-1"))!.ExtraCharges);
        Assert.Single(h.Events.All.OfType<PaymentExtraChargeEvent>());
    }

    [Fact]
    public void Serializer_MismatchAndExtraCharge_RoundTrip()
    {
        var now = Resilience.Payments.Tests.Gateway.GatewayHarness.Start;
        var request = Request();
        var record = new PaymentRecord
        {
            Key = "bill-1",
            Request = request,
            Status = PaymentStatus.Succeeded,
            CreatedAt = now,
            UpdatedAt = now,
            Attempts =
            [
                new PaymentAttempt
                {
                    Number = 1, Reference = "bill-1-1-abcdefgh", Provider = "slow", Instrument = request.Instruments[0], StartedAt = now, Outcome = OutcomeKind.Unknown,
                    Mismatch = new AmountMismatch { ReportedAmount = new Money(1m, "NGN"), ReportedPayer = "2547****0111", Receipt = "R", ProviderReference = "P", Source = OutcomeSource.Callback, DetectedAt = now, Reason = "why" },
                },
            ],
            ExtraCharges = [new ExtraCharge { AttemptNumber = 1, Provider = "slow", Amount = Money.Kes(200m), Receipt = "X", ProviderReference = "Y", DetectedAt = now }],
        };

        var back = PaymentRecordSerializer.Deserialize(PaymentRecordSerializer.Serialize(record));

        Assert.Equal(record.Attempts[0].Mismatch, back.Attempts[0].Mismatch);
        Assert.Equal(record.ExtraCharges, back.ExtraCharges);
    }
}
