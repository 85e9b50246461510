namespace Resilience.Payments.Mpesa;

/// <summary>One row of the Lipa na M-Pesa Online result-code table.</summary>
/// <param name="Code">The result code as Daraja writes it (<c>1032</c>, <c>SFC_IC0003</c>).</param>
/// <param name="Kind">The outcome class the code maps to.</param>
/// <param name="Meaning">What the code means, in words.</param>
/// <param name="Source">Where the code and its meaning are documented or were observed (a URL, or an issue of this project).</param>
internal sealed record DarajaResultCode(string Code, OutcomeKind Kind, string Meaning, string Source);
