namespace Resilience.Payments.Tests.Safety;

/// <summary>Safety rule 8: a success counts only when the money reported matches what the attempt asked for.</summary>
public class AmountMismatchTests
{
    private static PaymentRequest Request(string key = "bill-1", decimal amount = 2500m) => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(amount),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
        AccountReference = "ACC-1",
    };

    public static TheoryData<string, decimal, string?> Mismatches => new()
    {
        { "KES", 1m, null },                // under-amount
        { "KES", 2500.01m, null },          // over by a cent
        { "NGN", 2500m, null },             // right number, wrong currency
        { "KES", 2500m, "254722000111" },   // another payer
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public async Task PayAsync_ResponseReportsOtherMoney_NotSucceededMismatchRecordedAndRaised(string currency, decimal amount, string? payer)
    {
        var provider = new ScriptedProvider("pay", _ => ProviderOutcome.Succeeded("R1", "T1") with { Amount = new Money(amount, currency), Payer = payer });
        using var h = new SafetyHarness(provider);

        var result = await h.Gateway.PayAsync(Request());

        Assert.NotEqual(PaymentStatus.Succeeded, result.Status);
        Assert.False(result.IsFinal);
        var attempt = Assert.Single(result.MismatchedAttempts);
        Assert.Equal(OutcomeKind.Unknown, attempt.Outcome);
        Assert.Equal("amount-mismatch", attempt.Code);
        Assert.Equal("R1", attempt.Mismatch!.Receipt);
        Assert.Equal(OutcomeSource.Response, attempt.Mismatch.Source);
        if (payer is null)
        {
            Assert.Equal(new Money(amount, currency), attempt.Mismatch.ReportedAmount);
        }
        else
        {
            Assert.Equal("2547****0111", attempt.Mismatch.ReportedPayer);
        }

        var raised = Assert.Single(h.Events.All.OfType<PaymentAmountMismatchEvent>());
        Assert.Equal(1, raised.AttemptNumber);
        Assert.Null(result.Receipt);
    }

    [Theory]
    [InlineData("2547 1234 5678")]
    [InlineData("+254712345678")]
    [InlineData("0712345678")]
    [InlineData("712345678")]
    public async Task PayAsync_ResponseReportsSameMoneyAndPayerInAnyFormat_Succeeded(string payer)
    {
        var provider = new ScriptedProvider("pay", _ => ProviderOutcome.Succeeded("R1", "T1") with { Amount = new Money(2500m, "kes"), Payer = payer });
        using var h = new SafetyHarness(provider);

        var result = await h.Gateway.PayAsync(Request());

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Empty(result.MismatchedAttempts);
        Assert.Empty(h.Events.All.OfType<PaymentAmountMismatchEvent>());
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_VerifiedCallbackForOneShilling_PaymentStaysOpenAndIsNeverFailedOver()
    {
        var first = new ScriptedProvider("pay", r => ProviderOutcome.Pending("T1"));
        var second = new ScriptedProvider("other", _ => ProviderOutcome.Succeeded("R2", "T2"));
        using var h = new SafetyHarness(first, second);
        var pending = await h.Gateway.PayAsync(Request());

        var applied = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "pay",
            AttemptReference = pending.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("R1", "T1") with { Amount = Money.Kes(1) },
            AttemptVerified = true,
        });

        Assert.Equal(ProviderUpdateDisposition.Applied, applied.Disposition);
        Assert.Equal(PaymentStatus.Pending, applied.Payment!.Status);
        Assert.NotNull(applied.Payment.Attempts[0].Mismatch);

        // The provider's status query later says "not processed": money moved, so nothing fails the attempt over.
        first.Status = _ => ProviderOutcome.NotProcessed("no such transaction", "not-found");
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.ReconcileAsync();
        var after = await h.Gateway.GetAsync("bill-1");
        Assert.Single(after!.Attempts);
        Assert.Empty(second.Requests);
        Assert.Equal(PaymentStatus.Pending, after.Status);

        // The same report again changes nothing and raises nothing again.
        var again = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "pay",
            AttemptReference = pending.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("R1", "T1") with { Amount = Money.Kes(1) },
            AttemptVerified = true,
        });
        Assert.Equal(ProviderUpdateDisposition.Unchanged, again.Disposition);
        Assert.Single(h.Events.All.OfType<PaymentAmountMismatchEvent>());
    }

    [Fact]
    public async Task ReconcileAsync_StatusQueryReportsWrongCurrency_NotSucceeded()
    {
        var provider = new ScriptedProvider("pay", _ => ProviderOutcome.Unknown("timeout"))
        {
            Status = _ => ProviderOutcome.Succeeded("R1", "T1") with { Amount = new Money(2500m, "NGN") },
        };
        using var h = new SafetyHarness(provider);
        await h.Gateway.PayAsync(Request());

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.ReconcileAsync();

        var after = await h.Gateway.GetAsync("bill-1");
        Assert.Equal(PaymentStatus.Pending, after!.Status);
        Assert.Equal(OutcomeSource.StatusQuery, Assert.Single(after.MismatchedAttempts).Mismatch!.Source);
    }
}
