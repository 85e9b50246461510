namespace Resilience.Payments.Tests.Safety;

/// <summary>Safety rule 11: "not found" settles only after a window that follows the provider; a retry reuses a de-duplicated reference.</summary>
public class NotFoundWindowTests
{
    private static PaymentRequest Request() => new()
    {
        IdempotencyKey = "bill-1",
        Amount = Money.Kes(200m),
        Instruments = [PaymentInstrument.MobileMoney("0712345678")],
    };

    [Fact]
    public async Task ReconcileAsync_AttemptTimedOut_StatusRequestCountsFromTimeoutAndStretchesWithObservedLatency()
    {
        var provider = new ScriptedProvider("slow", _ => ProviderOutcome.Unknown("never answered"));
        using var h = new SafetyHarness(provider);
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.InitiateAsyncOverride = async (_, ct) =>
        {
            var hang = Task.Delay(Timeout.InfiniteTimeSpan, h.Time, ct); // its timer exists before the test moves the clock
            called.TrySetResult();
            await hang;
            return ProviderOutcome.Unknown("unreachable");
        };
        var timeout = h.Options.DefaultProvider.AttemptTimeout;

        // Exactly the attempt timeout passes on the fake clock (a loop that advanced while the machine was slow moved it further,
        // past the latency window, and the test saw no stretch).
        var pay = h.Gateway.PayAsync(Request());
        await called.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        h.Time.Advance(timeout);
        var pending = await pay.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.ReconcileAsync();

        var asked = Assert.Single(provider.StatusRequests);
        Assert.Equal(pending.Attempts[0].StartedAt + timeout, asked.LastInFlightAt);
        Assert.True(asked.ObservedDelay >= timeout * 2, $"observed delay {asked.ObservedDelay} after a timeout of {timeout}");
        Assert.False(asked.NotFoundIsConclusive(asked.LastInFlightAt + asked.ObservedDelay, TimeSpan.FromSeconds(8)));
        Assert.True(asked.NotFoundIsConclusive(asked.LastInFlightAt + asked.ObservedDelay + TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8)));
    }

    [Fact]
    public async Task ReconcileAsync_PromptProvider_NoStretch()
    {
        var provider = new ScriptedProvider("prompt", _ => ProviderOutcome.Pending("T1"));
        using var h = new SafetyHarness(provider);
        await h.Gateway.PayAsync(Request());
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await h.ReconcileAsync();

        Assert.Equal(TimeSpan.Zero, Assert.Single(provider.StatusRequests).ObservedDelay);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunQueueAsync_SameProviderAfterNotFound_ReusesReferenceOnlyWhereProviderDeduplicates(bool deduplicates)
    {
        var calls = 0;
        var provider = new ScriptedProvider("airtel", _ => ++calls == 1 ? ProviderOutcome.Unknown("timeout") : ProviderOutcome.Pending("T2"), deduplicates)
        {
            Status = _ => ProviderOutcome.NotProcessed("no such transaction", "not-found"),
        };
        using var h = new SafetyHarness(provider);
        var first = await h.Gateway.PayAsync(Request());
        h.Time.Advance(TimeSpan.FromMinutes(5));

        await h.ReconcileAsync(); // not found: the only candidate is the same provider, tried again at once

        var after = await h.Gateway.GetAsync("bill-1");
        Assert.Equal(2, after!.Attempts.Count);
        Assert.Equal(2, provider.Requests.Count);
        Assert.Equal(deduplicates, provider.Requests[1].AttemptReference == first.Attempts[0].Reference);
        Assert.Equal(deduplicates, after.Attempts[1].Reference == after.Attempts[0].Reference);

        // A later callback for the shared reference settles the latest attempt, never the stale one.
        var result = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "airtel",
            AttemptReference = after.Attempts[1].Reference,
            ProviderReference = "T2",
            Outcome = ProviderOutcome.Succeeded("R2", "T2") with { Amount = Money.Kes(200m) },
            AttemptVerified = true,
        });
        Assert.Equal(PaymentStatus.Succeeded, result.Payment!.Status);
        Assert.Equal(2, result.Payment.Attempts.Single(a => a.Outcome == OutcomeKind.Succeeded).Number);
        Assert.Empty(result.Payment.ExtraCharges);
    }
}
