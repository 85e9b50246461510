namespace Resilience.Payments;

/// <summary>The mobile network a phone number belongs to, which decides the mobile-money wallet it can pay from.</summary>
public enum MobileNetwork
{
    /// <summary>The prefix is not in the numbering plan. The library never guesses a network.</summary>
    Unknown = 0,

    /// <summary>Safaricom (M-Pesa).</summary>
    Safaricom = 1,

    /// <summary>Airtel (Airtel Money).</summary>
    Airtel = 2,
}
