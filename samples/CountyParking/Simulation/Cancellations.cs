using System.Globalization;
using CountyParking.Scenarios;
using Resilience.Payments;

namespace CountyParking.Simulation;

/// <summary>
/// The motorists who cancel after paying (the scenario's <c>refunds</c>), chosen from the payment key and the seed alone, so that a
/// resumed run asks for the very same refunds under the very same refund keys (<c>{payment key}:cancel</c>): never a second one.
/// </summary>
public static class Cancellations
{
    public const string Reason = "motorist cancelled the parking session";

    /// <summary>The refund this motorist asks for once paid, or <see langword="null"/> when they keep the session.</summary>
    public static RefundRequest? For(Scenario scenario, string paymentKey, Money charged)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(paymentKey);
        var random = new Random(StableHash(scenario.Seed, paymentKey));
        if (random.NextDouble() >= scenario.Refunds.Share)
        {
            return null;
        }

        // Partial: the motorist left early and gets back 30 to 70 % of the fee, whole shillings.
        Money? amount = null;
        if (random.NextDouble() < scenario.Refunds.Partial && charged.Amount >= 2)
        {
            var part = decimal.Round(charged.Amount * (decimal)(0.3 + (0.4 * random.NextDouble())), 0, MidpointRounding.AwayFromZero);
            amount = new Money(Math.Clamp(part, 1, charged.Amount - 1), charged.Currency);
        }

        return new RefundRequest
        {
            RefundKey = paymentKey + ":cancel",
            PaymentKey = paymentKey,
            Amount = amount,
            Reason = Reason,
        };
    }

    /// <summary>FNV-1a over the seed and the key: the same in every process (unlike <see cref="HashCode"/>).</summary>
    private static int StableHash(int seed, string key)
    {
        var hash = 2166136261u;
        foreach (var c in seed.ToString(CultureInfo.InvariantCulture) + "|" + key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }
}
