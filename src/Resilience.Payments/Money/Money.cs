using System;
using System.Globalization;

namespace Resilience.Payments;

/// <summary>
/// An amount of money in one ISO 4217 currency. The amount never carries more decimal places than
/// the currency has minor units (KES has 2, UGX has 0), so providers never have to round it.
/// </summary>
public readonly record struct Money
{
    /// <summary>
    /// The largest amount a payment may have, in minor units: 9,007,199,254,740,991 (2^53 - 1), the largest integer that every
    /// JSON reader (JavaScript's included) keeps exact, well inside <see cref="long"/>. <c>PayAsync</c> refuses a larger amount
    /// (for KES, more than 90,071,992,547,409.91) with a <see cref="PaymentValidationException"/> naming <c>Amount</c>.
    /// </summary>
    public const long MaxMinorUnits = 9_007_199_254_740_991;

    /// <summary>Creates an amount of money.</summary>
    /// <param name="amount">The amount, in major units (shillings, not cents).</param>
    /// <param name="currency">The ISO 4217 currency code, for example <c>KES</c>.</param>
    /// <exception cref="PaymentValidationException">
    /// The currency is unknown (parameter <c>currency</c>), or the amount has more decimal places than
    /// the currency allows (parameter <c>amount</c>).
    /// </exception>
    public Money(decimal amount, string currency)
    {
        if (!Payments.Currency.TryGet(currency, out var known))
        {
            throw PaymentValidationException.For(nameof(currency), $"'{currency}' is not a known ISO 4217 currency code.");
        }

        if (decimal.Round(amount, known.MinorUnits) != amount)
        {
            throw PaymentValidationException.For(
                nameof(amount),
                $"{amount.ToString(CultureInfo.InvariantCulture)} has more decimal places than {known.Code} allows ({known.MinorUnits}).");
        }

        Amount = amount;
        Currency = known.Code;
    }

    /// <summary>Gets the amount in major units.</summary>
    public decimal Amount { get; }

    /// <summary>Gets the ISO 4217 currency code, upper case. <see langword="null"/> only for <c>default(Money)</c>.</summary>
    public string Currency { get; }

    /// <summary>Gets a value indicating whether this is <c>default(Money)</c>, which has no currency.</summary>
    public bool IsDefault => Currency is null;

    /// <summary>Creates an amount in Kenyan shillings.</summary>
    /// <param name="amount">The amount in shillings.</param>
    /// <returns>The money.</returns>
    public static Money Kes(decimal amount) => new(amount, "KES");

    /// <summary>Gets the amount in the currency's minor units (for example cents), as providers such as Paystack expect.</summary>
    /// <returns>The amount multiplied by 10^minor units.</returns>
    /// <exception cref="OverflowException">
    /// The amount does not fit in a <see cref="long"/> in minor units (<c>PayAsync</c> never lets one through: see <see cref="MaxMinorUnits"/>).
    /// </exception>
    public long ToMinorUnits() => decimal.ToInt64(Amount * MinorUnitFactor(Payments.Currency.Get(Currency).MinorUnits));

    /// <summary>Creates an amount from the currency's minor units (for example cents), as providers such as Paystack report it.</summary>
    /// <param name="minorUnits">The amount in minor units.</param>
    /// <param name="currency">The ISO 4217 currency code.</param>
    /// <returns>The money.</returns>
    /// <exception cref="PaymentValidationException">The currency is unknown (parameter <c>currency</c>).</exception>
    public static Money FromMinorUnits(long minorUnits, string currency)
    {
        if (!Payments.Currency.TryGet(currency, out var known))
        {
            throw PaymentValidationException.For(nameof(currency), $"'{currency}' is not a known ISO 4217 currency code.");
        }

        return new Money(minorUnits / MinorUnitFactor(known.MinorUnits), known.Code);
    }

    /// <summary>10^<paramref name="minorUnits"/>, exactly.</summary>
    internal static decimal MinorUnitFactor(int minorUnits)
    {
        var factor = 1m;
        for (var i = 0; i < minorUnits; i++)
        {
            factor *= 10m;
        }

        return factor;
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsDefault ? "(none)" : string.Create(CultureInfo.InvariantCulture, $"{Currency} {Amount}");
}
