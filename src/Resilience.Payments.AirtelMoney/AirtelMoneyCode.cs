namespace Resilience.Payments.AirtelMoney;

/// <summary>One documented Airtel Money code and the outcome class the adapter maps it to.</summary>
/// <param name="Code">The code as Airtel writes it (<c>DP00800001007</c>, <c>ESB000041</c>, <c>TS</c>).</param>
/// <param name="Kind">The outcome class.</param>
/// <param name="Meaning">What the code means, in words.</param>
internal sealed record AirtelMoneyCode(string Code, OutcomeKind Kind, string Meaning)
{
    /// <summary>Gets where the code and its meaning are documented (a URL, or a public repository and path that mirrors Airtel's page).</summary>
    public string Source { get; init; } = string.Empty;
}
