namespace Resilience.Payments.Testing.Simulators.Pesapal;

/// <summary>One refund request a <see cref="PesapalSimulator"/> took (<c>POST /api/Transactions/RefundRequest</c>), as it stands now.</summary>
/// <param name="OrderTrackingId">The refunded order's tracking id.</param>
/// <param name="MerchantReference">The refunded order's merchant reference.</param>
/// <param name="ConfirmationCode">The refunded payment's confirmation code, as the request named it.</param>
/// <param name="Amount">The amount to refund, in major units.</param>
/// <param name="Currency">The payment's currency.</param>
/// <param name="Username">The request's <c>username</c>.</param>
/// <param name="Remarks">The request's <c>remarks</c>.</param>
/// <param name="Status"><c>Pending</c> (awaiting the merchant's approval), <c>Approved</c> (the payment is REVERSED, the money went back) or <c>Rejected</c> (by the merchant).</param>
/// <param name="RequestedAt">When the request was taken, on the simulator's clock.</param>
public sealed record PesapalSimulatedRefund(
    string OrderTrackingId,
    string MerchantReference,
    string ConfirmationCode,
    decimal Amount,
    string Currency,
    string Username,
    string Remarks,
    string Status,
    DateTimeOffset RequestedAt)
{
    /// <summary>Gets when the merchant approved or rejected it, on the simulator's clock.</summary>
    public DateTimeOffset? DecidedAt { get; init; }
}
