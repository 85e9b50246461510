using Resilience.Payments.Internal;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway;

/// <summary>
/// How many durable writes a payment costs, and that each is the right one: the created record already holds the first
/// attempt (recorded before the provider is called), and a payment nobody can take is created in its end state.
/// </summary>
public class StoreWritesTests
{
    [Fact]
    public async Task PayAsync_ProviderSucceeds_TwoWritesAndTheCreateHoldsTheUnresolvedAttempt()
    {
        var store = new RecordingStore();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(GatewayHarness.Start);
        var provider = new StoreReadingProvider(store);
        using var gateway = new PaymentGateway([provider], store, Microsoft.Extensions.Options.Options.Create(new PaymentGatewayOptions()), time);

        var result = await gateway.PayAsync(GatewayHarness.Request(key: "w-1"));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        var writes = store.WritesOf("w-1");
        Assert.Equal(["create", "update"], writes.Select(w => w.Operation));
        var created = writes[0].Record;
        Assert.Equal(PaymentStatus.Processing, created.Status);
        var attempt = Assert.Single(created.Attempts);
        Assert.Equal(("stub", "w-1-1", (OutcomeKind?)null), (attempt.Provider, Refs.Plain(attempt.Reference), attempt.Outcome));
        Assert.Equal(time.GetUtcNow(), attempt.StartedAt);
        Assert.NotNull(created.LeaseOwner);
        Assert.Equal(PaymentStatus.Succeeded, writes[1].Record.Status);

        // Safety rule: the attempt was in the store before the provider saw the request.
        var seen = Assert.Single(provider.SeenInStore);
        Assert.Equal(("w-1-1", (OutcomeKind?)null), (Refs.Plain(Assert.Single(seen!.Attempts).Reference), seen.Attempts[0].Outcome));
    }

    [Fact]
    public async Task PayAsync_FirstCircuitOpen_CreateHoldsTheSecondProvidersAttempt()
    {
        var store = new RecordingStore();
        using var h = new GatewayHarness(store: store);
        await OpenCircuitAsync(h, "mpesa");

        var result = await h.Gateway.PayAsync(GatewayHarness.Request(key: "w-2"));

        Assert.Equal(("paystack", PaymentStatus.Succeeded), (result.Provider, result.Status));
        var writes = store.WritesOf("w-2");
        Assert.Equal(["create", "update"], writes.Select(w => w.Operation));
        Assert.Equal("paystack", Assert.Single(writes[0].Record.Attempts).Provider);
    }

    [Fact]
    public async Task PayAsync_FirstNotProcessed_FailoverBeginsTheSecondAttemptInItsOwnWrite()
    {
        var store = new RecordingStore();
        using var h = new GatewayHarness(store: store);
        h["mpesa"].Enqueue(FakeBehavior.NotProcessed());

        var result = await h.Gateway.PayAsync(GatewayHarness.Request(key: "w-3"));

        Assert.Equal(("paystack", 2), (result.Provider, result.Attempts.Count));
        var writes = store.WritesOf("w-3");
        Assert.Equal(["create", "update", "update", "update"], writes.Select(w => w.Operation));
        Assert.Equal(OutcomeKind.NotProcessed, writes[1].Record.Attempts[0].Outcome);
        Assert.Equal((2, (OutcomeKind?)null), (writes[2].Record.Attempts.Count, writes[2].Record.Attempts[1].Outcome));
        Assert.Equal(PaymentStatus.Succeeded, writes[3].Record.Status);
    }

    [Fact]
    public async Task PayAsync_EveryCircuitOpen_CreatedQueuedInOneWriteWithOneEvent()
    {
        var store = new RecordingStore();
        using var h = new GatewayHarness(store: store);
        await OpenEveryCircuitAsync(h);

        var requestsBefore = h.Providers.Sum(p => p.Requests.Count);
        var result = await h.Gateway.PayAsync(GatewayHarness.Request(key: "w-4"));

        Assert.Equal(PaymentStatus.Queued, result.Status);
        Assert.Empty(result.Attempts);
        Assert.Contains("circuit open", result.FailureReason, StringComparison.Ordinal);
        Assert.NotNull(result.NextAttemptAt);
        var created = Assert.Single(store.WritesOf("w-4"));
        Assert.Equal(("create", PaymentStatus.Queued, 1, (string?)null), (created.Operation, created.Record.Status, created.Record.QueueRounds, created.Record.LeaseOwner));
        Assert.Equal(requestsBefore, h.Providers.Sum(p => p.Requests.Count));
        var change = Assert.Single(h.Events.StatusChanges("w-4"));
        Assert.Equal(((PaymentStatus?)null, PaymentStatus.Queued), (change.PreviousStatus, change.Payment.Status));

        // And the queue takes it once a provider is back.
        h.Time.Advance(h.Options.DefaultProvider.BreakDuration + h.Options.Queue.MaxDelay);
        foreach (var provider in h.Providers)
        {
            provider.Otherwise(FakeBehavior.Succeed());
        }

        await h.RunQueueAsync();
        Assert.Equal(PaymentStatus.Succeeded, (await h.Gateway.GetAsync("w-4"))!.Status);
    }

    [Fact]
    public async Task PayAsync_NoProviderFits_CreatedFailedInOneWrite()
    {
        var store = new RecordingStore();
        using var h = new GatewayHarness(store: store);

        var result = await h.Gateway.PayAsync(new PaymentRequest
        {
            IdempotencyKey = "w-5",
            Amount = new Money(5m, "EUR"), // no fake provider takes euros
            Instruments = [PaymentInstrument.MobileMoney("0712345678")],
        });

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.StartsWith("No configured provider can charge this payment", result.FailureReason, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Failed, Assert.Single(store.WritesOf("w-5")).Record.Status);
    }

    [Fact]
    public async Task PayAsync_ReplayFromDurableRecord_ComparesTheKeptFingerprint()
    {
        // A durable store keeps the fingerprint and the request to the millisecond: a retry whose expiry has sub-millisecond
        // ticks is still the same request, because the kept fingerprint was computed from the original.
        var store = new RecordingStore(roundTrip: true);
        using var h = new GatewayHarness(store: store);
        var expiresAt = h.Time.GetUtcNow().AddHours(1).AddTicks(1234);
        var request = GatewayHarness.Request(key: "w-6", expiresAt: expiresAt);

        var first = await h.Gateway.PayAsync(request);
        var stored = (await store.GetAsync("w-6", CancellationToken.None))!;
        Assert.NotEqual(expiresAt, stored.Request.ExpiresAt); // the document keeps milliseconds
        Assert.Equal(RequestFingerprint.Compute(request), stored.Fingerprint);

        var replay = await h.Gateway.PayAsync(GatewayHarness.Request(key: "w-6", expiresAt: expiresAt));
        Assert.Equal((first.Status, first.Receipt), (replay.Status, replay.Receipt));
        Assert.Single(h.AllCharges);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => h.Gateway.PayAsync(GatewayHarness.Request(key: "w-6", amount: 201m, expiresAt: expiresAt)));
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => h.Gateway.PayAsync(GatewayHarness.Request(key: "w-6", expiresAt: expiresAt.AddTicks(1))));
        Assert.Single(h.AllCharges);
    }

    private static async Task OpenCircuitAsync(GatewayHarness h, string name)
    {
        // MinimumThroughput 2, ratio 0.5: two failures open it; the two payments fail over to the next provider.
        h[name].Enqueue(FakeBehavior.NotProcessed(), FakeBehavior.NotProcessed());
        await h.Gateway.PayAsync(GatewayHarness.Request(key: $"open-{name}-1"));
        await h.Gateway.PayAsync(GatewayHarness.Request(key: $"open-{name}-2"));
        Assert.Equal(ProviderCircuitState.Open, h.Gateway.GetProviderHealth().Single(p => p.Provider == name).CircuitState);
    }

    private static async Task OpenEveryCircuitAsync(GatewayHarness h)
    {
        foreach (var provider in h.Providers)
        {
            provider.Otherwise(FakeBehavior.NotProcessed());
        }

        await h.Gateway.PayAsync(GatewayHarness.Request(key: "open-all-1", allowQueue: false));
        await h.Gateway.PayAsync(GatewayHarness.Request(key: "open-all-2", allowQueue: false));
        Assert.All(h.Gateway.GetProviderHealth(), p => Assert.Equal(ProviderCircuitState.Open, p.CircuitState));
    }

    /// <summary>A provider that succeeds and, when called, reads the payment from the store: what was durable before the call.</summary>
    private sealed class StoreReadingProvider(IPaymentStore store) : IPaymentProvider
    {
        public List<PaymentRecord?> SeenInStore { get; } = [];

        public string Name => "stub";

        public ProviderCapabilities Capabilities => FakePaymentProvider.DefaultCapabilities;

        public async Task<ProviderOutcome> InitiateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
        {
            SeenInStore.Add(await store.GetAsync(request.PaymentKey, cancellationToken));
            return ProviderOutcome.Succeeded("RCPT-" + request.AttemptReference);
        }

        public Task<ProviderOutcome> QueryStatusAsync(ProviderStatusRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(ProviderOutcome.Unknown("not asked in this test"));
    }
}
