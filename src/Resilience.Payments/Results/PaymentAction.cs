using System;

namespace Resilience.Payments;

/// <summary>An action the payer must take, returned with <see cref="PaymentStatus.ActionRequired"/>.</summary>
/// <param name="Kind">What kind of action.</param>
/// <param name="RedirectUrl">The page to send the payer to, for <see cref="PaymentActionKind.Redirect"/>.</param>
/// <param name="Message">The provider's instruction to show the payer.</param>
public sealed record PaymentAction(PaymentActionKind Kind, Uri? RedirectUrl = null, string? Message = null);
