namespace Resilience.Payments;

/// <summary>
/// Something a payer can pay with: a mobile-money wallet, a saved card token or a hosted checkout.
/// A request carries one or more instruments in the payer's order of preference; the gateway fails
/// over across (provider, instrument) pairs. <see cref="object.ToString"/> never reveals a full phone
/// number or a token.
/// </summary>
public abstract class PaymentInstrument
{
    private protected PaymentInstrument()
    {
    }

    /// <summary>Gets the kind of instrument.</summary>
    public abstract InstrumentKind Kind { get; }

    /// <summary>Gets the mobile network for mobile money, else <see cref="MobileNetwork.Unknown"/>.</summary>
    public virtual MobileNetwork Network => MobileNetwork.Unknown;

    /// <summary>Gets a description safe to log and to show an operator (masked).</summary>
    public abstract string Masked { get; }

    /// <summary>Gets a canonical text that identifies the instrument exactly; used for request fingerprints. Not for logs.</summary>
    internal abstract string Canonical { get; }

    /// <summary>Creates a mobile-money instrument from a phone number.</summary>
    /// <param name="phoneNumber">The phone number, in any format <see cref="PhoneNumber.Parse"/> accepts.</param>
    /// <returns>The instrument.</returns>
    /// <exception cref="PaymentValidationException">The phone number is not a Kenyan mobile number (field <c>phoneNumber</c>).</exception>
    public static MobileMoneyInstrument MobileMoney(string phoneNumber) => new(ParsePhone(phoneNumber, nameof(phoneNumber)));

    /// <summary>Creates a card instrument from a provider's reusable token.</summary>
    /// <param name="token">The token, for example a Paystack authorization code.</param>
    /// <returns>The instrument.</returns>
    /// <exception cref="PaymentValidationException">The token is empty, too long or looks like a card number (field <c>token</c>).</exception>
    public static CardInstrument Card(string token) => new(token);

    /// <summary>Creates a hosted-checkout instrument.</summary>
    /// <param name="email">The payer's e-mail address, if known.</param>
    /// <param name="phoneNumber">The payer's phone number, if known.</param>
    /// <returns>The instrument.</returns>
    /// <exception cref="PaymentValidationException">Neither contact is given or one is malformed (field <c>email</c> or <c>phoneNumber</c>).</exception>
    public static BankCheckoutInstrument Checkout(string? email, string? phoneNumber = null) =>
        new(email, phoneNumber is null ? null : ParsePhone(phoneNumber, nameof(phoneNumber)));

    /// <inheritdoc />
    public override string ToString() => Masked;

    private static PhoneNumber ParsePhone(string text, string field) =>
        PhoneNumber.TryParse(text, out var number)
            ? number
            : throw PaymentValidationException.For(field, $"'{Payments.PhoneNumber.Mask(text ?? string.Empty)}' is not a Kenyan mobile number (expected 07XXXXXXXX, 01XXXXXXXX or 254XXXXXXXXX).");
}
