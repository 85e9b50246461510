namespace Resilience.Payments;

/// <summary>
/// One provider's and currency's line of a <see cref="SettlementReport"/>. A payment counts under the provider of its deciding attempt
/// (the first success, else the latest attempt), or <see cref="SettlementReport.NoProvider"/> when it was never sent to one.
/// </summary>
public sealed record SettlementLine
{
    /// <summary>Gets the provider's name.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the ISO 4217 currency code.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets how many of the day's payments count under this provider and currency.</summary>
    public int Payments { get; init; }

    /// <summary>Gets how many of them succeeded.</summary>
    public int Succeeded { get; init; }

    /// <summary>Gets the amount charged: the sum of the succeeded payments' amounts.</summary>
    public decimal Charged { get; init; }

    /// <summary>Gets how many extra charges (attempts that charged after another had succeeded) this provider made.</summary>
    public int ExtraCharges { get; init; }

    /// <summary>Gets the sum of the extra charges' amounts (money that must go back, or went back: see <see cref="Refunded"/>).</summary>
    public decimal ExtraCharged { get; init; }

    /// <summary>Gets how many refunds through this provider succeeded.</summary>
    public int Refunds { get; init; }

    /// <summary>Gets the amount refunded: the sum of the succeeded refunds.</summary>
    public decimal Refunded { get; init; }

    /// <summary>Gets how many payments are still unresolved (Processing, Pending, ActionRequired).</summary>
    public int Unresolved { get; init; }

    /// <summary>Gets the amount outstanding: the sum of the unresolved payments' amounts (they may yet be charged).</summary>
    public decimal Outstanding { get; init; }

    /// <summary>Gets how many payments ended without a charge (Declined, Failed, Expired, Cancelled) or wait in the queue.</summary>
    public int NotCharged { get; init; }
}
