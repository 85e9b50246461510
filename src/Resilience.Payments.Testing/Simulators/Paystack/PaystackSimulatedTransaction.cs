namespace Resilience.Payments.Testing.Simulators.Paystack;

/// <summary>
/// One transaction a <see cref="PaystackSimulator"/> recorded, keyed by reference, as it stands now (paid or not: the money moved
/// is in <see cref="ProviderSimulator.Charges"/>).
/// </summary>
/// <param name="Id">Paystack's numeric transaction id.</param>
/// <param name="Reference">The reference the client sent (the attempt reference).</param>
/// <param name="Channel"><c>card</c>, <c>mobile_money</c> or <c>checkout</c>.</param>
/// <param name="AmountMinor">The amount in the subunit, as sent.</param>
/// <param name="Currency">The currency.</param>
/// <param name="Email">The e-mail address sent.</param>
/// <param name="Status">Paystack's status now: <c>success</c>, <c>failed</c>, <c>pay_offline</c> (waiting for the payer) or <c>abandoned</c> (checkout not paid).</param>
/// <param name="GatewayResponse">The gateway response text.</param>
/// <param name="CreatedAt">When it was recorded, on the simulator's clock.</param>
public sealed record PaystackSimulatedTransaction(
    long Id,
    string Reference,
    string Channel,
    long AmountMinor,
    string Currency,
    string Email,
    string Status,
    string GatewayResponse,
    DateTimeOffset CreatedAt)
{
    /// <summary>Gets a value indicating whether money moved.</summary>
    public bool IsSuccessful => Status == "success";
}
