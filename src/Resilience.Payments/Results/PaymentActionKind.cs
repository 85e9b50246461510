namespace Resilience.Payments;

/// <summary>What the payer must do to complete a payment.</summary>
public enum PaymentActionKind
{
    /// <summary>Open <see cref="PaymentAction.RedirectUrl"/> and complete the payment there.</summary>
    Redirect = 0,

    /// <summary>Enter a one-time password or PIN the provider sent.</summary>
    Otp = 1,

    /// <summary>Approve the payment on the phone (for example a USSD or STK prompt); nothing to show but <see cref="PaymentAction.Message"/>.</summary>
    ApproveOnDevice = 2,
}
