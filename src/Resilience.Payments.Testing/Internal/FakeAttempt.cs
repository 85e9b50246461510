namespace Resilience.Payments.Testing.Internal;

/// <summary>One attempt a <see cref="FakePaymentProvider"/> received, as it stands: what a status query answers from.</summary>
/// <param name="request">The initiation.</param>
/// <param name="providerReference">The provider's reference.</param>
internal sealed class FakeAttempt(ProviderPaymentRequest request, string providerReference)
{
    public ProviderPaymentRequest Request { get; } = request;

    public string ProviderReference { get; } = providerReference;

    public FakeAttemptStatus Status { get; set; }

    public string? Receipt { get; set; }

    public string? Code { get; set; }

    public string? Reason { get; set; }

    public Uri? RedirectUrl { get; set; }

    public ProviderOutcome ToOutcome() => Status switch
    {
        FakeAttemptStatus.Charged => ProviderOutcome.Succeeded(Receipt, ProviderReference) with { Amount = Request.Amount },
        FakeAttemptStatus.Pending => ProviderOutcome.Pending(ProviderReference, "waiting for the payer"),
        FakeAttemptStatus.ActionRequired => ProviderOutcome.ActionRequired(new PaymentAction(PaymentActionKind.Redirect, RedirectUrl), ProviderReference),
        _ => ProviderOutcome.Declined(Code, Reason ?? "declined", ProviderReference),
    };
}
