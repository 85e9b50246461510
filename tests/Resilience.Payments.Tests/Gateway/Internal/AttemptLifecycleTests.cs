using Resilience.Payments.Gateway.Internal;
using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class AttemptLifecycleTests
{
    [Fact]
    public async Task BeginAsync_NoAttemptYet_StoresTheAttemptBeforeAnyCall()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("a-1", "owner");

        var (stored, number) = await kit.Attempts.BeginAsync(record, kit.Candidate("paystack"), "owner");

        Assert.Equal(1, number);
        var attempt = Assert.Single((await kit.Store.GetAsync("a-1", CancellationToken.None))!.Attempts);
        Assert.Equal(("paystack", (OutcomeKind?)null), (attempt.Provider, attempt.Outcome));
        Assert.Same(attempt.Reference, stored.Attempts[0].Reference);
        Assert.Empty(kit["paystack"].Requests);
    }

    [Fact]
    public async Task BeginAsync_LastAttemptUnresolved_BeginsNothing()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("a-1", "owner");
        (record, _) = await kit.Attempts.BeginAsync(record, kit.Candidate("mpesa"), "owner");

        var (latest, number) = await kit.Attempts.BeginAsync(record, kit.Candidate("paystack"), "owner");

        Assert.Equal(0, number); // safety rule 1: a new attempt only when the previous one provably charged nothing
        Assert.Single(latest.Attempts);
    }

    [Fact]
    public async Task InitiateAsync_ProviderSucceeds_SendsTheAttemptsReferenceAndReturnsItsOutcome()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("a-1", "owner");
        (record, _) = await kit.Attempts.BeginAsync(record, kit.Candidate("mpesa"), "owner");
        kit["mpesa"].Enqueue(FakeBehavior.Succeed());

        var outcome = await kit.Attempts.InitiateAsync(kit.Registry.Find("mpesa")!, record, record.Attempts[0], CancellationToken.None);

        Assert.Equal(OutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(record.Attempts[0].Reference, Assert.Single(kit["mpesa"].Requests).AttemptReference);
    }

    [Fact]
    public async Task RecordOutcomeAsync_StaleRecord_RereadsAndRecordsTheOutcome()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("a-1", "owner");
        (record, _) = await kit.Attempts.BeginAsync(record, kit.Candidate("mpesa"), "owner");
        var stored = await kit.Store.GetAsync("a-1", CancellationToken.None);
        await kit.Writer.SaveAsync(stored!, stored! with { UpdatedAt = kit.Time.GetUtcNow() }); // a concurrent write

        var after = await kit.Attempts.RecordOutcomeAsync(record, 1, ProviderOutcome.Declined("1032", "cancelled by the payer"), OutcomeSource.Response);

        Assert.Equal(PaymentStatus.Declined, after.Status);
        Assert.Equal(PaymentStatus.Declined, (await kit.Store.GetAsync("a-1", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task RecordOutcomeAsync_SuccessForAnotherAmount_RecordsTheMismatchNeverSettles()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("a-1", "owner");
        (record, _) = await kit.Attempts.BeginAsync(record, kit.Candidate("mpesa"), "owner");

        var after = await kit.Attempts.RecordOutcomeAsync(
            record, 1, ProviderOutcome.Succeeded("RCPT1", "tx-1") with { Amount = Money.Kes(1) }, OutcomeSource.Response);

        Assert.NotEqual(PaymentStatus.Succeeded, after.Status);
        Assert.NotNull(after.Attempts[0].Mismatch);
        Assert.Single(kit.Events.All.OfType<PaymentAmountMismatchEvent>());
    }

    [Fact]
    public async Task ReusableReference_EarlierAttemptFoundNotFoundOnADeduplicatingProvider_ReusesItsReference()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.LeasedAsync("a-1", "owner");
        (record, _) = await kit.Attempts.BeginAsync(record, kit.Candidate("mpesa"), "owner");
        record = await kit.Attempts.RecordOutcomeAsync(record, 1, ProviderOutcome.NotProcessed("not found", "not-found"), OutcomeSource.StatusQuery);
        var deduplicating = new FakePaymentProvider("dedup", FakePaymentProvider.DefaultCapabilities with { DeduplicatesByReference = true }, kit.Time);
        var plain = kit.Candidate("mpesa");

        Assert.Null(AttemptLifecycle.ReusableReference(record, plain));
        var entry = new Resilience.Payments.Internal.ProviderEntry(deduplicating, new ProviderResilienceOptions(), kit.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, static _ => default);
        var renamed = record with { Attempts = [record.Attempts[0] with { Provider = "dedup" }] };
        Assert.Equal(record.Attempts[0].Reference, AttemptLifecycle.ReusableReference(renamed, new Resilience.Payments.Internal.Candidate(entry, plain.Instrument)));
    }
}
