namespace CountyParking.Simulation;

/// <summary>
/// One charge in a simulated provider's own ledger, in the provider's terms: its reference, the attempt reference where the
/// provider echoes one (Paystack, the fakes), the account reference the payer saw, the amount and the receipt.
/// </summary>
public sealed record LedgerCharge(string Provider, string ProviderReference, string? AttemptReference, string? PaymentKey, string? AccountReference, decimal Amount, string? Receipt);
