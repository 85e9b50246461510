namespace Resilience.Payments;

/// <summary>
/// A provider's report about one refund (a reversal result, a refund webhook, a status answer), for
/// <see cref="IPaymentGateway.ApplyRefundUpdateAsync"/>. Found by the refund's reference, by the provider's refund reference,
/// or (when neither is echoed) by the charge's provider reference and the amount.
/// </summary>
public sealed record RefundUpdate
{
    /// <summary>Gets the provider's name.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the refund's reference (<see cref="PaymentRefund.Reference"/>), when the provider echoes it or a signed callback URL carried it.</summary>
    public string? RefundReference { get; init; }

    /// <summary>Gets the provider's reference for the refund (a Paystack refund id, an M-Pesa reversal's conversation id).</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the provider's reference of the refunded charge (for example a Paystack transaction reference), when the provider names it.</summary>
    public string? ChargeProviderReference { get; init; }

    /// <summary>
    /// Gets the reported outcome. <see cref="ProviderOutcome.Amount"/> is compared with the refund's amount: a success counts only
    /// when they match (safety rule 8); when the provider reports none, the refund's own amount is assumed.
    /// </summary>
    public required ProviderOutcome Outcome { get; init; }

    /// <summary>Gets where the report came from. Default <see cref="OutcomeSource.Callback"/>.</summary>
    public OutcomeSource Source { get; init; } = OutcomeSource.Callback;
}
