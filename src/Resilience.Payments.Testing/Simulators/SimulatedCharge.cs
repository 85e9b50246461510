namespace Resilience.Payments.Testing.Simulators;

/// <summary>One charge a provider simulator made (money moved): the ground truth a test audits the gateway against, the same shape for every provider.</summary>
/// <param name="Provider">The simulated provider (<see cref="ProviderSimulator.ProviderName"/>, for example <c>mpesa</c> or <c>paystack</c>).</param>
/// <param name="MerchantReference">The merchant's reference the payer was charged under (Daraja: the AccountReference; Paystack: the transaction reference).</param>
/// <param name="ProviderReference">The provider's reference for the transaction (Daraja: the CheckoutRequestID; Paystack: the transaction id).</param>
/// <param name="Amount">The amount charged, in major units (shillings, not cents).</param>
/// <param name="Currency">The ISO 4217 currency code.</param>
/// <param name="ChargedAt">When, on the simulator's clock.</param>
public sealed record SimulatedCharge(
    string Provider,
    string MerchantReference,
    string ProviderReference,
    decimal Amount,
    string Currency,
    DateTimeOffset ChargedAt)
{
    /// <summary>Gets the wallet charged, masked (<c>2547****5678</c>), when the instrument was a phone number.</summary>
    public string? PhoneNumber { get; init; }

    /// <summary>Gets the receipt the provider issued (Daraja: the MpesaReceiptNumber), when it issues one.</summary>
    public string? Receipt { get; init; }
}
