namespace Resilience.Payments.Testing.Simulators.AirtelMoney;

/// <summary>One collection an <see cref="AirtelMoneySimulator"/> received, as it stands now.</summary>
/// <param name="Id">The merchant's <c>transaction.id</c> (the gateway's attempt reference).</param>
/// <param name="Status">The enquiry status: <c>TIP</c> (prompt on the phone), <c>TS</c>, <c>TF</c>, <c>TA</c> or <c>TE</c>.</param>
/// <param name="ResponseCode">The last <c>response_code</c> (for example <c>DP00800001006</c> in process, <c>DP00800001001</c> success).</param>
/// <param name="Amount">The amount, in major units.</param>
/// <param name="Currency">The ISO 4217 currency.</param>
/// <param name="PhoneNumber">The payer's wallet, masked (<c>2547****3456</c>).</param>
/// <param name="CreatedAt">When the collection arrived, on the simulator's clock.</param>
public sealed record AirtelMoneySimulatedTransaction(
    string Id,
    string Status,
    string ResponseCode,
    decimal Amount,
    string Currency,
    string PhoneNumber,
    DateTimeOffset CreatedAt)
{
    /// <summary>Gets Airtel's own id of a successful transaction (<c>airtel_money_id</c>), else <see langword="null"/>.</summary>
    public string? AirtelMoneyId { get; init; }

    /// <summary>Gets when the transaction reached its final status, on the simulator's clock.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets how many times the same id was sent again (each refused with <c>ESB000041</c>).</summary>
    public int Resends { get; init; }
}
