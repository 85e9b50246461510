using System.Collections.Generic;
using System.Globalization;

namespace Resilience.Payments.Internal;

/// <summary>
/// The amount checks that need the gateway's configuration: <see cref="PaymentGatewayOptions.MaxAmounts"/> and the providers'
/// <see cref="ProviderCapabilities.MaxAmount"/>. Run by <c>PayAsync</c> after <see cref="RequestValidator"/>, before anything is
/// stored; a failure names <c>Amount</c>.
/// </summary>
internal static class AmountLimits
{
    /// <summary>Throws when the request's amount is above its currency's configured maximum, or above what every provider able to charge it takes.</summary>
    /// <param name="request">A request <see cref="RequestValidator"/> accepted.</param>
    /// <param name="options">The gateway's options.</param>
    /// <param name="providers">The registered providers.</param>
    /// <exception cref="PaymentValidationException">The amount is too large; the error names <c>Amount</c>.</exception>
    public static void ThrowIfAboveLimits(PaymentRequest request, PaymentGatewayOptions options, ProviderRegistry providers)
    {
        var amount = request.Amount;
        if (options.MaxAmounts.Count > 0 && options.MaxAmounts.TryGetValue(amount.Currency, out var configured) && amount.Amount > configured)
        {
            throw PaymentValidationException.For(
                "Amount",
                string.Create(CultureInfo.InvariantCulture, $"{amount} is above the maximum of {amount.Currency} {configured} set in MaxAmounts."));
        }

        var largest = LargestRefusedForSizeOnly(request, providers.Ordered);
        if (largest is { } max)
        {
            throw PaymentValidationException.For(
                "Amount",
                string.Create(CultureInfo.InvariantCulture, $"{amount} is above the largest amount any provider able to charge these instruments takes ({amount.Currency} {max})."));
        }
    }

    /// <summary>
    /// Returns the largest <see cref="ProviderCapabilities.MaxAmount"/> among the (provider, instrument) pairs that would take
    /// the request but for its size, when no pair takes it as it is; <see langword="null"/> when a pair takes it, or when no
    /// pair refuses it for its size alone (then routing fails it, naming every pair's reason, as before).
    /// </summary>
    private static decimal? LargestRefusedForSizeOnly(PaymentRequest request, IReadOnlyList<ProviderEntry> providers)
    {
        var amount = request.Amount;
        var anyTooSmall = false;
        for (var p = 0; p < providers.Count; p++)
        {
            if (providers[p].Provider.Capabilities.MaxAmount is { } max && amount.Amount > max)
            {
                anyTooSmall = true;
                break;
            }
        }

        if (!anyTooSmall)
        {
            return null; // the usual request: no provider's maximum is in the way
        }

        decimal? largest = null;
        for (var p = 0; p < providers.Count; p++)
        {
            var capabilities = providers[p].Provider.Capabilities;
            for (var i = 0; i < request.Instruments.Count; i++)
            {
                var instrument = request.Instruments[i];
                if (capabilities.WhyCannotServe(instrument, amount) is null)
                {
                    return null;
                }

                // Refused for the size alone when the same pair takes its own maximum (in whole units, which every currency and
                // a whole-units-only provider accept).
                if (capabilities.MaxAmount is { } max && amount.Amount > max
                    && capabilities.WhyCannotServe(instrument, new Money(decimal.Floor(max), amount.Currency)) is null
                    && (largest is null || max > largest))
                {
                    largest = max;
                }
            }
        }

        return largest;
    }
}
