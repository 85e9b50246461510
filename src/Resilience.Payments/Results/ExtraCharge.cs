using System;

namespace Resilience.Payments;

/// <summary>
/// A second charge for one payment: an attempt that had been failed over (or was still unresolved) reported success after another
/// attempt had already succeeded. The first success stays the payment's provider and receipt; the extra charge is kept here, raised
/// as <see cref="PaymentExtraChargeEvent"/> and counted, so that the money can be given back.
/// </summary>
public sealed record ExtraCharge
{
    /// <summary>Gets the number of the attempt that charged again.</summary>
    public required int AttemptNumber { get; init; }

    /// <summary>Gets the provider that charged again.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the amount charged (the provider's report, or the attempt's amount when the provider reported none).</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets the provider's receipt for the extra charge.</summary>
    public string? Receipt { get; init; }

    /// <summary>Gets the provider's reference for the extra charge.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets when the extra charge was recorded.</summary>
    public required DateTimeOffset DetectedAt { get; init; }
}
