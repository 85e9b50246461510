namespace CountyParking.Simulation;

/// <summary>
/// One refund in a simulated provider's own ledger (money given back), in the provider's terms: the refunded charge's reference as
/// the simulator keeps it (a transaction reference, an M-Pesa receipt), the provider's reference for the refund, and the amount.
/// </summary>
public sealed record LedgerRefund(string Provider, string ChargeReference, string RefundReference, decimal Amount, string? MerchantReference = null);
