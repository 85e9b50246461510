namespace Resilience.Payments.Mpesa;

/// <summary>One row of the table of synchronous Daraja errors (<c>{"errorCode","errorMessage"}</c>) an STK push can get.</summary>
/// <param name="Code">The errorCode (<c>500.003.02</c>).</param>
/// <param name="MessageContains">
/// Text the errorMessage must contain for the row to apply (ignoring case), or <see langword="null"/> for any message. Daraja uses
/// one code for several answers (<c>500.001.1001</c> is "Merchant does not exist", "Wrong credentials", "Unable to lock
/// subscriber" and, to an STK query, "The transaction is being processed"), so some rows are told apart by their message.
/// </param>
/// <param name="Kind">The outcome class of an STK push that got this answer.</param>
/// <param name="Meaning">What the answer means, in words.</param>
/// <param name="Source">Where the answer is documented (a URL).</param>
internal sealed record DarajaErrorCode(string Code, string? MessageContains, OutcomeKind Kind, string Meaning, string Source);
