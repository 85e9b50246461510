namespace Resilience.Payments;

/// <summary>A mobile-money wallet (M-Pesa, Airtel Money) identified by its phone number.</summary>
public sealed class MobileMoneyInstrument : PaymentInstrument
{
    /// <summary>Creates the instrument.</summary>
    /// <param name="phoneNumber">The wallet's phone number.</param>
    /// <exception cref="PaymentValidationException">The phone number is <c>default</c>.</exception>
    public MobileMoneyInstrument(PhoneNumber phoneNumber)
    {
        if (phoneNumber.Value is null)
        {
            throw PaymentValidationException.For(nameof(phoneNumber), "A phone number is required.");
        }

        PhoneNumber = phoneNumber;
    }

    /// <summary>Gets the wallet's phone number.</summary>
    public PhoneNumber PhoneNumber { get; }

    /// <inheritdoc />
    public override InstrumentKind Kind => InstrumentKind.MobileMoney;

    /// <inheritdoc />
    public override MobileNetwork Network => PhoneNumber.Network;

    /// <inheritdoc />
    public override string Masked => $"mobile-money {PhoneNumber.Masked}";

    internal override string Canonical => $"mm:{PhoneNumber.Value}";
}
