using System;

namespace Resilience.Payments;

/// <summary>
/// A hosted checkout (Pesapal, Paystack checkout): the provider returns a page where the payer
/// chooses bank, card or wallet. The contact details prefill the page and receive the receipt.
/// </summary>
public sealed class BankCheckoutInstrument : PaymentInstrument
{
    /// <summary>Creates the instrument.</summary>
    /// <param name="email">The payer's e-mail address.</param>
    /// <param name="phoneNumber">The payer's phone number.</param>
    /// <exception cref="PaymentValidationException">Neither contact is given, or the e-mail address is malformed.</exception>
    public BankCheckoutInstrument(string? email, PhoneNumber? phoneNumber)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (email is null && phoneNumber is null)
        {
            throw PaymentValidationException.For(nameof(email), "A checkout needs the payer's e-mail address or phone number.");
        }

        if (email is not null && (email.Length > 254 || email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@') || email.Contains(' ', StringComparison.Ordinal)))
        {
            throw PaymentValidationException.For(nameof(email), "The e-mail address is malformed.");
        }

        Email = email;
        PhoneNumber = phoneNumber;
    }

    /// <summary>Gets the payer's e-mail address.</summary>
    public string? Email { get; }

    /// <summary>Gets the payer's phone number.</summary>
    public PhoneNumber? PhoneNumber { get; }

    /// <inheritdoc />
    public override InstrumentKind Kind => InstrumentKind.BankCheckout;

    /// <inheritdoc />
    public override string Masked =>
        $"checkout {(Email is null ? string.Empty : MaskEmail(Email))}{(Email is not null && PhoneNumber is not null ? " " : string.Empty)}{PhoneNumber?.Masked}";

    internal override string Canonical => $"checkout:{Email}|{PhoneNumber?.Value}";

    private static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return string.Concat(email.AsSpan(0, Math.Min(1, at)), "***", email.AsSpan(at));
    }
}
