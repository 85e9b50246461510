namespace Resilience.Payments.Mpesa;

/// <summary>One row of the Lipa na M-Pesa Online result-code table.</summary>
/// <param name="Code">The result code as Daraja writes it (<c>1032</c>).</param>
/// <param name="Kind">The outcome class the code maps to.</param>
/// <param name="Meaning">What the code means, in words.</param>
public sealed record DarajaResultCode(string Code, OutcomeKind Kind, string Meaning);
