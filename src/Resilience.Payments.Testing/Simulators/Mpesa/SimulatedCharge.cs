using System;

namespace Resilience.Payments.Testing.Simulators;

/// <summary>One charge a provider simulator made: the ground truth a test audits the gateway against.</summary>
/// <param name="Provider">The simulated provider (<c>mpesa</c>).</param>
/// <param name="ProviderReference">The provider's reference for the transaction (the CheckoutRequestID).</param>
/// <param name="PhoneNumber">The wallet charged, masked (<c>2547****5678</c>).</param>
/// <param name="Amount">The amount charged, in whole shillings.</param>
/// <param name="AccountReference">The account reference the payer saw.</param>
/// <param name="Receipt">The receipt issued (the MpesaReceiptNumber).</param>
/// <param name="ChargedAt">When, on the simulator's clock.</param>
public sealed record SimulatedCharge(
    string Provider,
    string ProviderReference,
    string PhoneNumber,
    decimal Amount,
    string AccountReference,
    string Receipt,
    DateTimeOffset ChargedAt);
