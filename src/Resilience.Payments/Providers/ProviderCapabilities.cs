using System;
using System.Collections.Generic;
using System.Linq;

namespace Resilience.Payments;

/// <summary>What a provider can charge. The gateway never asks a provider for something outside it.</summary>
public sealed record ProviderCapabilities
{
    /// <summary>Gets the instrument kinds the provider can charge.</summary>
    public required IReadOnlyCollection<InstrumentKind> InstrumentKinds { get; init; }

    /// <summary>Gets the mobile networks whose wallets the provider can charge (for mobile money). Empty means none.</summary>
    public IReadOnlyCollection<MobileNetwork> Networks { get; init; } = [];

    /// <summary>Gets the ISO 4217 currencies the provider accepts.</summary>
    public required IReadOnlyCollection<string> Currencies { get; init; }

    /// <summary>Gets the smallest amount accepted, in major units, or <see langword="null"/> for no minimum.</summary>
    public decimal? MinAmount { get; init; }

    /// <summary>Gets the largest amount accepted per transaction, in major units, or <see langword="null"/> for no maximum.</summary>
    public decimal? MaxAmount { get; init; }

    /// <summary>
    /// Gets a value indicating whether amounts must be whole units (M-Pesa charges whole shillings). Default <see langword="false"/>.
    /// </summary>
    public bool WholeUnitsOnly { get; init; }

    /// <summary>
    /// Gets a value indicating whether the provider refuses a second transaction with a merchant reference it has seen
    /// (Airtel Money's <c>ESB000041</c>, Paystack's "duplicate reference"). When <see langword="true"/>, a new attempt on the
    /// same provider and instrument after a status query found the earlier one "not found" reuses the earlier attempt's
    /// reference, so that a late arrival of the earlier request is refused as a duplicate instead of charged (safety rule 11).
    /// Default <see langword="false"/>.
    /// </summary>
    public bool DeduplicatesByReference { get; init; }

    /// <summary>Returns why the provider cannot charge this instrument for this amount, or <see langword="null"/> when it can.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public string? WhyCannotServe(PaymentInstrument instrument, Money amount)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (!Contains(InstrumentKinds, instrument.Kind))
        {
            return $"does not take {instrument.Kind}";
        }

        if (instrument.Kind == InstrumentKind.MobileMoney && !Contains(Networks, instrument.Network))
        {
            return $"does not serve the {instrument.Network} network";
        }

        if (!ContainsCurrency(Currencies, amount.Currency))
        {
            return $"does not take {amount.Currency}";
        }

        if (MinAmount is { } min && amount.Amount < min)
        {
            return $"amount below its minimum of {min}";
        }

        if (MaxAmount is { } max && amount.Amount > max)
        {
            return $"amount above its maximum of {max}";
        }

        if (WholeUnitsOnly && decimal.Truncate(amount.Amount) != amount.Amount)
        {
            return "takes whole units only";
        }

        return null;
    }

    // Every payment asks every provider: no enumerator is boxed for the usual collections (arrays, lists, collection expressions).
    private static bool Contains<T>(IReadOnlyCollection<T> values, T value)
        where T : struct, Enum
    {
        if (values is IReadOnlyList<T> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (EqualityComparer<T>.Default.Equals(list[i], value))
                {
                    return true;
                }
            }

            return false;
        }

        return values.Contains(value);
    }

    private static bool ContainsCurrency(IReadOnlyCollection<string> currencies, string currency)
    {
        if (currencies is IReadOnlyList<string> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], currency, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        return currencies.Contains(currency, StringComparer.OrdinalIgnoreCase);
    }
}
