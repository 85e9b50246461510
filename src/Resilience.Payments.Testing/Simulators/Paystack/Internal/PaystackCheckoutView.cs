namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>What the checkout page of one transaction shows and where it sends the payer back.</summary>
/// <param name="Reference">The transaction's reference.</param>
/// <param name="AccessCode">The checkout's access code.</param>
/// <param name="AmountMinor">The amount, in the subunit.</param>
/// <param name="Currency">The currency.</param>
/// <param name="Email">The customer's e-mail address.</param>
/// <param name="Status">The transaction's status now.</param>
/// <param name="PayerAction">What the payer did (<c>paid</c>, <c>failed</c>, <c>cancelled</c>), or <see langword="null"/>.</param>
/// <param name="CallbackUrl">The initialize's <c>callback_url</c>.</param>
/// <param name="CancelAction">The initialize's <c>metadata.cancel_action</c>.</param>
internal sealed record PaystackCheckoutView(
    string Reference,
    string AccessCode,
    long AmountMinor,
    string Currency,
    string Email,
    string Status,
    string? PayerAction,
    string? CallbackUrl,
    string? CancelAction);
