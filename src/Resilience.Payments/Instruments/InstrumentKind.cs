namespace Resilience.Payments;

/// <summary>The kinds of payment instrument a payer can offer and a provider can charge.</summary>
public enum InstrumentKind
{
    /// <summary>A mobile-money wallet identified by a phone number (M-Pesa, Airtel Money).</summary>
    MobileMoney = 0,

    /// <summary>A saved card, identified by a provider's token (never a card number).</summary>
    Card = 1,

    /// <summary>A hosted checkout (bank, card or wallet) the payer completes on a redirect page.</summary>
    BankCheckout = 2,
}
