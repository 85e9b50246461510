namespace Resilience.Payments.Testing.Simulators.Paystack.Internal;

/// <summary>
/// Paystack's fee on a paid transaction of a Kenyan integration, in the subunit, from Paystack's pricing
/// (https://support.paystack.com/hc/en-us/articles/360009973579, "Kenya (KES)"): local transactions 2.9% on cards and 1.5% on
/// M-PESA; USD transactions 3.8%. No fixed part and no cap for Kenya. Rounded to the nearest subunit (Paystack does not say how it rounds).
/// </summary>
internal static class PaystackFees
{
    /// <summary>The fee Paystack keeps.</summary>
    /// <param name="amountMinor">The amount paid, in the subunit.</param>
    /// <param name="currency">The currency.</param>
    /// <param name="channel">The channel (<c>card</c>, <c>mobile_money</c>).</param>
    /// <returns>The fee in the subunit.</returns>
    public static long Of(long amountMinor, string currency, string channel)
    {
        var rate = currency == "USD" ? 0.038m : channel == "mobile_money" ? 0.015m : 0.029m;
        return (long)Math.Round(amountMinor * rate, MidpointRounding.AwayFromZero);
    }
}
