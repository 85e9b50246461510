namespace Resilience.Payments.Testing.Simulators;

/// <summary>One refund or reversal a provider simulator completed (money given back): the same shape for every provider.</summary>
/// <param name="Provider">The simulated provider (<see cref="ProviderSimulator.ProviderName"/>).</param>
/// <param name="ChargeReference">The refunded charge's reference as the simulator keeps it in <see cref="SimulatedCharge.ProviderReference"/> (or its receipt, for M-Pesa).</param>
/// <param name="RefundReference">The provider's reference for the refund (a refund id, a reversal's conversation id).</param>
/// <param name="Amount">The amount given back, in major units.</param>
/// <param name="Currency">The ISO 4217 currency code.</param>
/// <param name="RefundedAt">When, on the simulator's clock.</param>
public sealed record SimulatedRefund(
    string Provider,
    string ChargeReference,
    string RefundReference,
    decimal Amount,
    string Currency,
    DateTimeOffset RefundedAt)
{
    /// <summary>Gets the refunded charge's merchant reference (<see cref="SimulatedCharge.MerchantReference"/>), when known.</summary>
    public string? MerchantReference { get; init; }
}
