namespace Resilience.Payments.Tests.Safety;

/// <summary>Safety rule 10: a provider reference named by anyone but the attempt's own initiation is bound only when proven to belong.</summary>
public class LateReferenceBindingTests
{
    private static PaymentRequest Request(string key = "bill-1") => new()
    {
        IdempotencyKey = key,
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
    };

    private static async Task<(SafetyHarness Harness, PaymentResult Pending)> LostReplyAsync()
    {
        var h = new SafetyHarness(new ScriptedProvider("mpesa", _ => ProviderOutcome.Unknown("reply lost")), new ScriptedProvider("other", _ => ProviderOutcome.Succeeded("R2")));
        var pending = await h.Gateway.PayAsync(Request());
        Assert.Null(pending.Attempts[0].ProviderReference);
        return (h, pending);
    }

    public static TheoryData<string, OutcomeKind> ForgedOutcomes => new()
    {
        { "declined 1032", OutcomeKind.Declined },
        { "not processed 1025", OutcomeKind.NotProcessed },
        { "succeeded without amount", OutcomeKind.Succeeded },
    };

    [Theory]
    [MemberData(nameof(ForgedOutcomes))]
    public async Task ApplyProviderUpdateAsync_UnverifiedAttemptWithOtherTransaction_NotBoundAndNothingChanges(string name, OutcomeKind kind)
    {
        _ = name;
        var (h, pending) = await LostReplyAsync();
        using var _h = h;
        var outcome = kind switch
        {
            OutcomeKind.Declined => ProviderOutcome.Declined("1032", "cancelled by user", "ws_CO_OTHER"),
            OutcomeKind.NotProcessed => ProviderOutcome.NotProcessed("push failed", "1025") with { ProviderReference = "ws_CO_OTHER" },
            _ => ProviderOutcome.Succeeded("RX", "ws_CO_OTHER"),
        };

        var result = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = pending.Attempts[0].Reference, // a forged callback can name the attempt...
            ProviderReference = "ws_CO_OTHER",
            Outcome = outcome, // ...but not prove that this transaction is the attempt's
        });

        Assert.Equal(ProviderUpdateDisposition.UnknownReference, result.Disposition);
        var after = await h.Gateway.GetAsync("bill-1");
        Assert.Equal(PaymentStatus.Pending, after!.Status);
        Assert.Null(after.Attempts[0].ProviderReference);
        Assert.Single(after.Attempts);
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_UnverifiedButMatchingAmountAndPayer_Bound()
    {
        var (h, pending) = await LostReplyAsync();
        using var _h = h;

        var result = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = pending.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("RCPT", "ws_CO_1") with { Amount = Money.Kes(200m), Payer = "254712345678", OccurredAt = h.Time.GetUtcNow() },
        });

        Assert.Equal(ProviderUpdateDisposition.Applied, result.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, result.Payment!.Status);
        Assert.Equal("ws_CO_1", result.Payment.ProviderReference);
    }

    [Theory]
    [InlineData(199, "254712345678", 0)]    // another amount
    [InlineData(200, "254722000111", 0)]    // another payer
    [InlineData(200, "254712345678", -60)]  // an hour before the attempt
    public async Task ApplyProviderUpdateAsync_UnverifiedWithOtherAmountPayerOrTime_NotBound(int amount, string payer, int minutes)
    {
        var (h, pending) = await LostReplyAsync();
        using var _h = h;

        var result = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = pending.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("RCPT", "ws_CO_1") with { Amount = Money.Kes(amount), Payer = payer, OccurredAt = h.Time.GetUtcNow().AddMinutes(minutes) },
        });

        Assert.Equal(ProviderUpdateDisposition.UnknownReference, result.Disposition);
        Assert.Null((await h.Gateway.GetAsync("bill-1"))!.Attempts[0].ProviderReference);
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_VerifiedDecline_BoundAndDeclined()
    {
        var (h, pending) = await LostReplyAsync();
        using var _h = h;

        var result = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = pending.Attempts[0].Reference,
            Outcome = ProviderOutcome.Declined("1032", "cancelled by user", "ws_CO_1"),
            AttemptVerified = true, // the URL carried a token the library signed for this attempt
        });

        Assert.Equal(ProviderUpdateDisposition.Applied, result.Disposition);
        Assert.Equal(PaymentStatus.Declined, result.Payment!.Status);
    }
}
