namespace Resilience.Payments.Testing.Simulators.Pesapal;

/// <summary>
/// One order (Pesapal's word for a transaction) in a <see cref="PesapalSimulator"/>'s books, as it stands now (paid or not: the
/// money moved is in <see cref="ProviderSimulator.Charges"/>).
/// </summary>
/// <param name="OrderTrackingId">Pesapal's order tracking id.</param>
/// <param name="MerchantReference">The merchant's <c>id</c> (the attempt reference).</param>
/// <param name="Amount">The amount, in major units.</param>
/// <param name="Currency">The ISO 4217 currency code.</param>
/// <param name="StatusCode">0 INVALID (not paid), 1 COMPLETED, 2 FAILED, 3 REVERSED.</param>
/// <param name="Description">Pesapal's status description (for a failure, the decline reason).</param>
/// <param name="NotificationId">The IPN id the order was submitted with.</param>
/// <param name="ReplyDelivered">Whether the SubmitOrderRequest answer (with the redirect URL) was sent; an order whose answer was held back can never be paid by a payer.</param>
/// <param name="CreatedAt">When it was submitted, on the simulator's clock.</param>
/// <param name="ConfirmationCode">The payment's confirmation code, once paid.</param>
public sealed record PesapalSimulatedTransaction(
    string OrderTrackingId,
    string MerchantReference,
    decimal Amount,
    string Currency,
    int StatusCode,
    string Description,
    string NotificationId,
    bool ReplyDelivered,
    DateTimeOffset CreatedAt,
    string? ConfirmationCode);
