namespace Resilience.Payments.Testing.Simulators.AirtelMoney;

/// <summary>One refund an <see cref="AirtelMoneySimulator"/> took (<c>POST /standard/v1/payments/refund</c>), as it stands now.</summary>
/// <param name="Id">The refund's own <c>transaction.id</c> (the gateway's refund reference), enquired by <c>GET /standard/v1/payments/{id}</c>.</param>
/// <param name="ChargeId">The refunded collection's <c>transaction.id</c>.</param>
/// <param name="RefundedAirtelMoneyId">The refunded collection's <c>airtel_money_id</c>, as the request named it.</param>
/// <param name="Status">The enquiry status: <c>TIP</c> (processing), <c>TS</c> (money given back) or <c>TF</c> (refused).</param>
/// <param name="ResponseCode">The last <c>response_code</c>.</param>
/// <param name="Amount">The amount, in major units (always the whole collection).</param>
/// <param name="Currency">The ISO 4217 currency.</param>
/// <param name="CreatedAt">When the refund arrived, on the simulator's clock.</param>
public sealed record AirtelMoneySimulatedRefund(
    string Id,
    string ChargeId,
    string RefundedAirtelMoneyId,
    string Status,
    string ResponseCode,
    decimal Amount,
    string Currency,
    DateTimeOffset CreatedAt)
{
    /// <summary>Gets Airtel's own id of the completed refund, else <see langword="null"/>.</summary>
    public string? AirtelMoneyId { get; init; }

    /// <summary>Gets when the refund reached its final status, on the simulator's clock.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
