namespace Resilience.Payments;

/// <summary>What the gateway does with an extra charge of one payment (<see cref="ExtraCharge"/>: a late success after failover).</summary>
public enum DuplicateChargePolicy
{
    /// <summary>
    /// Give the extra charge back automatically through the provider that took it, with a refund key derived from the payment and the
    /// attempt (<c>{payment key}:reverse:{attempt}</c>), so that a crash and restart never reverse it twice. Falls back to
    /// <see cref="Flag"/> when that provider cannot refund. The default.
    /// </summary>
    Reverse = 0,

    /// <summary>Record and raise the extra charge (<see cref="PaymentExtraChargeEvent"/>) and leave the refund to a person.</summary>
    Flag = 1,
}
