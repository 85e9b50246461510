namespace Resilience.Payments.Mpesa;

/// <summary>The Lipa na M-Pesa Online transaction type.</summary>
public enum DarajaTransactionType
{
    /// <summary>Pay bill: the money goes to the business short code (<c>CustomerPayBillOnline</c>).</summary>
    CustomerPayBillOnline = 0,

    /// <summary>Buy goods: the money goes to a till number, given as <see cref="DarajaOptions.PartyB"/> (<c>CustomerBuyGoodsOnline</c>).</summary>
    CustomerBuyGoodsOnline = 1,
}
