namespace Resilience.Payments.Testing.Simulators.Paystack;

/// <summary>
/// One refund a <see cref="PaystackSimulator"/> took, as it stands now (the money given back is in
/// <see cref="ProviderSimulator.Refunds"/>, once the refund is <c>processed</c>).
/// </summary>
/// <param name="Id">Paystack's numeric refund id.</param>
/// <param name="TransactionReference">The refunded transaction's reference.</param>
/// <param name="TransactionId">The refunded transaction's id.</param>
/// <param name="AmountMinor">The amount in the subunit.</param>
/// <param name="Currency">The currency.</param>
/// <param name="Status">Paystack's status now: <c>pending</c>, <c>processing</c>, <c>needs-attention</c>, <c>processed</c> or <c>failed</c>.</param>
/// <param name="MerchantNote">The <c>merchant_note</c> sent (the adapter sends the refund's reference).</param>
/// <param name="CreatedAt">When it was taken, on the simulator's clock.</param>
public sealed record PaystackSimulatedRefund(
    long Id,
    string TransactionReference,
    long TransactionId,
    long AmountMinor,
    string Currency,
    string Status,
    string? MerchantNote,
    DateTimeOffset CreatedAt)
{
    /// <summary>Gets a value indicating whether the money went back.</summary>
    public bool IsProcessed => Status == "processed";
}
