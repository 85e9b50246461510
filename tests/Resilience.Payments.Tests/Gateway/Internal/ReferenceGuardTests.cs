using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class ReferenceGuardTests
{
    [Fact]
    public async Task FindAttemptAsync_ByTheWholeAttemptReference_FindsTheAttempt()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.PayAsync("g-1", FakeBehavior.Accept());

        var (found, number) = await kit.Guard.FindAttemptAsync(
            new ProviderUpdate { Provider = "mpesa", AttemptReference = record.Attempts[0].Reference, Outcome = ProviderOutcome.Unknown("?") }, CancellationToken.None);

        Assert.Equal(("g-1", 1), (found!.Key, number));
    }

    [Fact]
    public async Task FindAttemptAsync_ByTheProvidersReference_FindsTheAttempt()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.PayAsync("g-1", FakeBehavior.Accept());

        var (found, number) = await kit.Guard.FindAttemptAsync(
            new ProviderUpdate { Provider = "mpesa", ProviderReference = record.Attempts[0].ProviderReference, Outcome = ProviderOutcome.Unknown("?") }, CancellationToken.None);

        Assert.Equal(("g-1", 1), (found!.Key, number));
    }

    [Fact]
    public async Task FindAttemptAsync_AlteredReferenceOrOtherProvider_FindsNothing()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.PayAsync("g-1", FakeBehavior.Accept());
        var reference = record.Attempts[0].Reference;

        var altered = await kit.Guard.FindAttemptAsync(
            new ProviderUpdate { Provider = "mpesa", AttemptReference = reference[..^1] + (reference[^1] == 'a' ? 'b' : 'a'), Outcome = ProviderOutcome.Unknown("?") }, CancellationToken.None);
        var otherProvider = await kit.Guard.FindAttemptAsync(
            new ProviderUpdate { Provider = "paystack", AttemptReference = reference, Outcome = ProviderOutcome.Unknown("?") }, CancellationToken.None);

        Assert.Equal((null, 0), (altered.Record, altered.Number));
        Assert.Equal((null, 0), (otherProvider.Record, otherProvider.Number));
    }

    [Fact]
    public async Task GuardNewReferenceAsync_AttemptHasAnotherReference_BecomesUnknown()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.PayAsync("g-1", FakeBehavior.Accept());
        var outcome = ProviderOutcome.Succeeded("RCPT", "someone-elses-tx") with { Amount = Money.Kes(200) };

        var guarded = await kit.Guard.GuardNewReferenceAsync(record, record.Attempts[0], outcome, verified: true, CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, guarded.Kind);
    }

    [Fact]
    public async Task GuardNewReferenceAsync_SameReferenceAsTheAttempts_PassesUnchanged()
    {
        using var kit = new CollaboratorKit();
        var record = await kit.PayAsync("g-1", FakeBehavior.Accept());
        var outcome = ProviderOutcome.Succeeded("RCPT", record.Attempts[0].ProviderReference!) with { Amount = Money.Kes(200) };

        var guarded = await kit.Guard.GuardNewReferenceAsync(record, record.Attempts[0], outcome, verified: false, CancellationToken.None);

        Assert.Same(outcome, guarded);
    }

    [Fact]
    public async Task GuardNewReferenceAsync_ReferenceOwnedByAnotherPayment_BecomesUnknown()
    {
        using var kit = new CollaboratorKit();
        var owner = await kit.PayAsync("g-1", FakeBehavior.Accept());
        var taken = owner.Attempts[0].ProviderReference!;
        var record = await kit.LeasedAsync("g-2", "owner");
        (record, _) = await kit.Attempts.BeginAsync(record, kit.Candidate("mpesa"), "owner");

        var guarded = await kit.Guard.GuardNewReferenceAsync(
            record, record.Attempts[0], ProviderOutcome.Succeeded("RCPT", taken) with { Amount = Money.Kes(200) }, verified: true, CancellationToken.None);

        Assert.Equal(OutcomeKind.Unknown, guarded.Kind);
        Assert.Contains("another attempt", guarded.Reason, StringComparison.Ordinal);
    }
}
