using Microsoft.Extensions.Time.Testing;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway;

public class EventsTests
{
    [Fact]
    public async Task PayAsync_Success_RaisesEveryStatusChangeWithPreviousStatus()
    {
        using var h = new GatewayHarness();

        await h.Gateway.PayAsync(GatewayHarness.Request());

        var changes = h.Events.StatusChanges("park-001").ToList();
        Assert.Equal([null, PaymentStatus.Processing], changes.Select(e => e.PreviousStatus));
        Assert.Equal([PaymentStatus.Processing, PaymentStatus.Succeeded], changes.Select(e => e.Payment.Status));
        Assert.Equal(h.AllCharges.Single().Receipt, changes[^1].Payment.Receipt);
        Assert.All(changes, e => Assert.Equal(h.Time.GetUtcNow(), e.OccurredAt));
    }

    [Fact]
    public async Task PayAsync_PendingThenCallback_RaisesChainOfStatusChanges()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());

        await h.Gateway.PayAsync(GatewayHarness.Request());
        await h.Gateway.ApplyProviderUpdateAsync(h["mpesa"].Complete(h["mpesa"].Requests[0].AttemptReference));

        var changes = h.Events.StatusChanges("park-001").Select(e => (e.PreviousStatus, e.Payment.Status)).ToList();
        Assert.Equal(
            [(null, PaymentStatus.Processing), (PaymentStatus.Processing, PaymentStatus.Pending), (PaymentStatus.Pending, PaymentStatus.Succeeded)],
            changes);
    }

    [Fact]
    public async Task PayAsync_FailoverThenQueued_EachChangeRaisedOnceAndNoneForUnchangedStatus()
    {
        using var h = new GatewayHarness();
        foreach (var p in h.Providers)
        {
            p.Enqueue(FakeBehavior.NotProcessed());
        }

        await h.Gateway.PayAsync(GatewayHarness.Request());

        var changes = h.Events.StatusChanges("park-001").Select(e => (e.PreviousStatus, e.Payment.Status)).ToList();
        Assert.Equal([(null, PaymentStatus.Processing), (PaymentStatus.Processing, PaymentStatus.Queued)], changes);
    }

    [Fact]
    public async Task PayAsync_ObserverThrows_PaymentUnaffectedAndOtherObserversStillCalled()
    {
        var time = new FakeTimeProvider(GatewayHarness.Start);
        var provider = new FakePaymentProvider("mpesa", timeProvider: time);
        var recorder = new GatewayHarness.RecordingObserver();
        var store = new InMemoryPaymentStore();
        using var gateway = new PaymentGateway(
            [provider],
            store,
            Microsoft.Extensions.Options.Options.Create(new PaymentGatewayOptions()),
            time,
            null,
            [new ThrowingObserver(), recorder],
            null);
        recorder.DeliverFrom = gateway;

        var result = await gateway.PayAsync(GatewayHarness.Request());

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Single(provider.Charges);
        Assert.Equal(PaymentStatus.Succeeded, (await store.GetAsync("park-001", CancellationToken.None))!.Status);
        Assert.Equal(2, recorder.StatusChanges("park-001").Count());
    }

    [Theory]
    [InlineData(OutcomeKind.Declined)]
    [InlineData(OutcomeKind.NotProcessed)]
    [InlineData(OutcomeKind.Unknown)]
    [InlineData(OutcomeKind.Pending)]
    public async Task ApplyProviderUpdateAsync_FailureAfterSuccess_UnchangedAndStaysSucceeded(OutcomeKind kind)
    {
        using var h = new GatewayHarness();
        var paid = await h.Gateway.PayAsync(GatewayHarness.Request());
        var before = (await h.Store.GetAsync("park-001", CancellationToken.None))!;
        var eventsBefore = h.Events.All.Count;

        var late = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = "park-001-1",
            ProviderReference = paid.ProviderReference,
            Outcome = Outcome(kind),
        });

        Assert.Equal(ProviderUpdateDisposition.Unchanged, late.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, late.Payment!.Status);
        Assert.Equal(paid.Receipt, late.Payment.Receipt);
        var after = (await h.Store.GetAsync("park-001", CancellationToken.None))!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(OutcomeKind.Succeeded, after.Attempts.Single().Outcome);
        Assert.Equal(eventsBefore, h.Events.All.Count);
        Assert.Single(h.AllCharges);
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_DuplicateSuccessCallback_SecondIsUnchanged()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request());
        var callback = h["mpesa"].Complete(h["mpesa"].Requests[0].AttemptReference);

        var first = await h.Gateway.ApplyProviderUpdateAsync(callback);
        var second = await h.Gateway.ApplyProviderUpdateAsync(callback);

        Assert.Equal(ProviderUpdateDisposition.Applied, first.Disposition);
        Assert.Equal(ProviderUpdateDisposition.Unchanged, second.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, second.Payment!.Status);
        Assert.Equal(first.Payment!.Receipt, second.Payment.Receipt);
        Assert.Single(h.AllCharges);
        Assert.Single(h.Events.StatusChanges("park-001"), e => e.Payment.Status == PaymentStatus.Succeeded);
    }

    [Theory]
    [InlineData("mpesa", "nosuch-1", null)]
    [InlineData("mpesa", "park-001-9", null)]
    [InlineData("paystack", "park-001-1", null)]
    [InlineData("mpesa", "park-001-1", null)] // the key and number guessed without the random part
    [InlineData("mpesa", "park-001-1-abcdefgh", null)] // a forged random part
    [InlineData("mpesa", null, "mpesa-ref-999")]
    [InlineData("mpesa", "garbage", null)]
    public async Task ApplyProviderUpdateAsync_UnknownReference_ReturnsUnknownReferenceAndChangesNothing(string provider, string? attemptReference, string? providerReference)
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request());
        var before = (await h.Store.GetAsync("park-001", CancellationToken.None))!;

        var result = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = provider,
            AttemptReference = attemptReference,
            ProviderReference = providerReference,
            Outcome = ProviderOutcome.Succeeded("FAKE-RECEIPT"),
        });

        Assert.Equal(ProviderUpdateDisposition.UnknownReference, result.Disposition);
        Assert.Null(result.Payment);
        var after = (await h.Store.GetAsync("park-001", CancellationToken.None))!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(PaymentStatus.Pending, after.Status);
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_SuccessForOlderAttemptAfterFailed_MakesItSucceeded()
    {
        using var h = new GatewayHarness();
        foreach (var p in h.Providers)
        {
            p.Enqueue(FakeBehavior.NotProcessed());
        }

        var failed = await h.Gateway.PayAsync(GatewayHarness.Request(allowQueue: false));
        Assert.Equal(PaymentStatus.Failed, failed.Status);

        var late = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "mpesa",
            AttemptReference = failed.Attempts[0].Reference,
            Outcome = ProviderOutcome.Succeeded("LATE-R1", "mpesa-late") with { Amount = failed.Amount },
            AttemptVerified = true,
        });

        Assert.Equal(ProviderUpdateDisposition.Applied, late.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, late.Payment!.Status);
        Assert.Equal("LATE-R1", late.Payment.Receipt);
        Assert.Equal("mpesa", late.Payment.Provider);
        Assert.Null(late.Payment.FailureReason);
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("park-001"))!.Status);
        Assert.Contains(h.Events.StatusChanges("park-001"), e => e.PreviousStatus == PaymentStatus.Failed && e.Payment.Status == PaymentStatus.Succeeded);

        // A failure report afterwards for a newer attempt does not undo it.
        var stale = await h.Gateway.ApplyProviderUpdateAsync(new ProviderUpdate
        {
            Provider = "airtel",
            AttemptReference = failed.Attempts[2].Reference,
            Outcome = ProviderOutcome.Declined("1", "late decline"),
        });
        Assert.Equal(PaymentStatus.Succeeded, stale.Payment!.Status);
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_OnlyProviderReference_FindsAttemptAndApplies()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());
        var callback = h["mpesa"].Complete(h["mpesa"].Requests[0].AttemptReference);

        var result = await h.Gateway.ApplyProviderUpdateAsync(callback with { AttemptReference = null });

        Assert.Equal(ProviderUpdateDisposition.Applied, result.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, result.Payment!.Status);
        Assert.Equal(pending.ProviderReference, result.Payment.ProviderReference);
        Assert.Equal(h.AllCharges.Single().Receipt, result.Payment.Receipt);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApplyProviderUpdateAsync_ProviderNameInOtherCase_FoundLikeRegistryNames(bool withAttemptReference)
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request());
        var callback = h["mpesa"].Complete(h["mpesa"].Requests[0].AttemptReference);

        var result = await h.Gateway.ApplyProviderUpdateAsync(callback with
        {
            Provider = "MPESA",
            AttemptReference = withAttemptReference ? callback.AttemptReference : null,
        });

        Assert.Equal(ProviderUpdateDisposition.Applied, result.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, result.Payment!.Status);
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_DeclineCallbackWhilePending_Declined()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        await h.Gateway.PayAsync(GatewayHarness.Request());

        var result = await h.Gateway.ApplyProviderUpdateAsync(h["mpesa"].Complete(h["mpesa"].Requests[0].AttemptReference, success: false, declineCode: "1032"));

        Assert.Equal(ProviderUpdateDisposition.Applied, result.Disposition);
        Assert.Equal(PaymentStatus.Declined, result.Payment!.Status);
        Assert.Equal("1032", result.Payment.DeclineCode);
        Assert.Empty(h.AllCharges);
        Assert.Empty(h["paystack"].Requests);
    }

    private static ProviderOutcome Outcome(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Declined => ProviderOutcome.Declined("1032", "cancelled by the payer"),
        OutcomeKind.NotProcessed => ProviderOutcome.NotProcessed("no such transaction"),
        OutcomeKind.Unknown => ProviderOutcome.Unknown("timeout"),
        OutcomeKind.Pending => ProviderOutcome.Pending("mpesa-ref-1"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private sealed class ThrowingObserver : IPaymentEventObserver
    {
        public ValueTask HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("observer failure");
    }
}
