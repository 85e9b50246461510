using Resilience.Payments.Testing;

namespace Resilience.Payments.Tests.Gateway;

/// <summary>
/// A provider reference learnt after the attempt (a late callback or a statement match for an attempt whose reply was lost) settles
/// at most one attempt: it attaches to an attempt without one, never replaces another, and never moves to a second attempt.
/// </summary>
public class LateReferenceTests
{
    private static ProviderUpdate Late(string attemptReference, string providerReference) => new()
    {
        Provider = "mpesa",
        AttemptReference = attemptReference,
        ProviderReference = providerReference,
        Outcome = ProviderOutcome.Succeeded("RCPT" + providerReference, providerReference),
        AttemptVerified = true, // as a callback whose URL carried a token the library signed
    };

    [Fact]
    public async Task ApplyProviderUpdateAsync_LateReferenceForAttemptWithoutOne_AttachesAndSettles()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());
        Assert.Null(pending.Attempts[0].ProviderReference);

        var applied = await h.Gateway.ApplyProviderUpdateAsync(Late(pending.Attempts[0].Reference, "ws_CO_1"));

        Assert.Equal(ProviderUpdateDisposition.Applied, applied.Disposition);
        Assert.Equal(PaymentStatus.Succeeded, applied.Payment!.Status);
        Assert.Equal("ws_CO_1", applied.Payment.Attempts[0].ProviderReference);
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_ReferenceOwnedByAnotherAttempt_UnknownReferenceAndNothingChanges()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        h["mpesa"].Enqueue(FakeBehavior.Unknown());
        var first = await h.Gateway.PayAsync(GatewayHarness.Request("park-001"));
        var second = await h.Gateway.PayAsync(GatewayHarness.Request("park-002"));
        Assert.Equal(ProviderUpdateDisposition.Applied, (await h.Gateway.ApplyProviderUpdateAsync(Late(first.Attempts[0].Reference, "ws_CO_1"))).Disposition);

        var refused = await h.Gateway.ApplyProviderUpdateAsync(Late(second.Attempts[0].Reference, "ws_CO_1"));

        Assert.Equal(ProviderUpdateDisposition.UnknownReference, refused.Disposition);
        var after = await h.Gateway.GetAsync("park-002");
        Assert.Equal(PaymentStatus.Pending, after!.Status);
        Assert.Null(after.Attempts[0].ProviderReference);
    }

    [Fact]
    public async Task ApplyProviderUpdateAsync_AttemptHasAnotherReference_UnknownReferenceAndNothingChanges()
    {
        using var h = new GatewayHarness();
        h["mpesa"].Enqueue(FakeBehavior.Accept());
        var pending = await h.Gateway.PayAsync(GatewayHarness.Request());
        var own = pending.Attempts[0].ProviderReference;
        Assert.NotNull(own);

        var refused = await h.Gateway.ApplyProviderUpdateAsync(Late(pending.Attempts[0].Reference, own + "-other"));

        Assert.Equal(ProviderUpdateDisposition.UnknownReference, refused.Disposition);
        var after = await h.Gateway.GetAsync("park-001");
        Assert.Equal(PaymentStatus.Pending, after!.Status);
        Assert.Equal(own, after.Attempts[0].ProviderReference);
    }
}
